// 2. hop: publish → consumer group → handler → ack, the publisher in this process and the
// consumer in a child process. Sustained: a burst of events published as fast as possible,
// events/s from the first publish to the last handler call. Latency: events at a fixed
// rate (10k/s), from the publish call (ts_init) to the handler's start, recorded after a
// warm-up at that rate.
import { isClusterUrl } from '@tickflow/streams';
import { type ChildReport, type ConsumerChild, startConsumerChild } from '../child.ts';
import { describeLoop, startLoopStats } from '../loop-stats.ts';
import type { BenchOptions } from '../options.ts';
import { rawClient } from '../redis.ts';
import { redisPhase } from '../redis-stats.ts';
import { atMostTimesRaw, besideRaw, type ScenarioResult, vsRaw } from '../report.ts';
import { epochMs, quantile, rate, sleep } from '../stats.ts';
import { type PublishSide, projectSide, rawSide } from './hop-sides.ts';

// Targets, as ratios to the raw baseline's figures in the same run (a loaded machine moves
// both sides: absolute bounds measured the machine more than the project).
/** Sustained events/s at least this share of raw's. */
export const SUSTAINED_MIN_RATIO = 0.85;
/** p99 at 10k/s at most this many times raw's p99. */
export const P99_MAX_RATIO = 1.5;
/**
 * p50 at 10k/s at most this many times raw's: the project's fixed work per event (decode,
 * validate, the fenced ack) shows here, 1.8-2.2× raw's p50 in the runs of docs/performance.md.
 */
const P50_MAX_RATIO = 2.5;

export interface HopFigures {
  /** Events published in all (burst, warm-up, recorded run). */
  readonly events: number;
  readonly sustained: number;
  /** The burst: ms until the last publish returned, and from then to the last handler call. */
  readonly publishMs: number;
  readonly tailMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly achievedRate: number;
  /** What the opt-in probes saw over the recorded phase (see loop-stats.ts, hop-split.ts). */
  readonly probes: readonly string[];
  /** CPU per event of the consumer and of the publishing process over the recorded phase, µs. */
  readonly consumerCpuUs: number;
  readonly publisherCpuUs: number;
}

export async function hopScenario(url: string, options: BenchOptions): Promise<ScenarioResult> {
  const raw = await runHop(url, options, 'raw');
  const project = await runHop(url, options, 'project');
  return {
    scenario: 'hop',
    status: 'ok',
    metrics: [
      vsRaw('sustained', 'events/s', project.sustained, raw.sustained, SUSTAINED_MIN_RATIO),
      atMostTimesRaw('p50 at 10k/s', 'ms', project.p50Ms, raw.p50Ms, P50_MAX_RATIO),
      atMostTimesRaw('p99 at 10k/s', 'ms', project.p99Ms, raw.p99Ms, P99_MAX_RATIO),
      besideRaw('p99.9 at 10k/s', 'ms', project.p999Ms, raw.p999Ms, true),
      besideRaw('achieved rate (target 10k)', 'events/s', project.achievedRate, raw.achievedRate),
    ],
    notes: [
      `burst of ${options.hopEvents}: published in ${Math.round(project.publishMs)} ms (raw ${Math.round(raw.publishMs)}), the last handler call ${Math.round(project.tailMs)} ms after (raw ${Math.round(raw.tailMs)})`,
      `latency: publish call (ts_init) → handler start, recorded for ${options.latencySeconds} s after ${options.latencyWarmUpSeconds} s at the same rate`,
      ...raw.probes.map((line) => `raw ${line}`),
      ...project.probes.map((line) => `project ${line}`),
    ],
  };
}

/** Where a side of the hop publishes. */
export const hopNamespace = (mode: 'project' | 'raw'): string => `${mode}-hop`;

/**
 * One side of the hop in this process (the publisher) and a consumer child. `otel`: the
 * tracing scenario's OTEL_* variables, for the consumer child (the caller sets up this
 * process's own tracing).
 */
export async function runHop(
  url: string,
  options: BenchOptions,
  mode: 'project' | 'raw',
  otel?: Record<string, string>,
): Promise<HopFigures> {
  const namespace = hopNamespace(mode);
  const child = await startConsumerChild({
    mode,
    url,
    namespace,
    group: 'bench',
    handlerUs: 0,
    ...(otel ? { otel } : {}),
  });
  const side: PublishSide =
    mode === 'raw' ? await rawSide(url, namespace) : await projectSide(url, namespace);
  try {
    const burst = side.prepareBurst(options.hopEvents);
    const started = epochMs();
    await burst();
    const publishedAt = epochMs();
    const done = await waitHandled(child, options.hopEvents);
    const sustained = rate(options.hopEvents, done.lastAtMs - started);

    // The first moments at a new rate run code not yet optimized on both sides (the paced
    // publish path is not the burst's): warm up at the rate first, then record.
    const warmUp = await side.paced(options.latencyRatePerS, options.latencyWarmUpSeconds);
    await waitHandled(child, options.hopEvents + warmUp.sent);
    // Opt-in probes of the publishing process (this one) and of Redis over the recorded run.
    // (Not on a cluster: redisPhase reads one server's INFO.)
    const probing = process.env.BENCH_LOOP_STATS && !isClusterUrl(url) ? await rawClient(url) : undefined;
    const redisStats = probing ? await redisPhase(probing) : undefined;
    const publisherStats = probing ? startLoopStats() : undefined;
    await child.record();
    const publisherCpu = process.cpuUsage();
    const run = await side.paced(options.latencyRatePerS, options.latencySeconds);
    await waitHandled(child, options.hopEvents + warmUp.sent + run.sent);
    const recorded = await child.report(true);
    const { user, system } = process.cpuUsage(publisherCpu);
    const probes = [...(recorded.probes ?? []).map((line) => `consumer: ${line}`)];
    if (publisherStats) probes.push(`publisher: ${describeLoop(publisherStats.summary())}`);
    publisherStats?.stop();
    if (redisStats) probes.push(await redisStats.describe());
    probing?.disconnect();
    const latencies = recorded.latenciesUs ?? [];
    const ms = (q: number) => quantile(latencies, q) / 1000;
    return {
      events: options.hopEvents + warmUp.sent + run.sent,
      sustained,
      publishMs: publishedAt - started,
      tailMs: Math.max(0, done.lastAtMs - publishedAt),
      p50Ms: ms(0.5),
      p99Ms: ms(0.99),
      p999Ms: ms(0.999),
      achievedRate: run.ratePerS,
      probes,
      consumerCpuUs: (recorded.cpuUs ?? 0) / Math.max(1, run.sent),
      publisherCpuUs: (user + system) / Math.max(1, run.sent),
    };
  } finally {
    side.close();
    await child.stop();
  }
}

/** Polls the child until it has handled `count` events (at most 120 s). */
export async function waitHandled(child: ConsumerChild, count: number): Promise<ChildReport> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const figures = await child.report();
    if (figures.handled >= count) return figures;
    if (Date.now() > deadline)
      throw new Error(`consumer handled only ${figures.handled} of ${count} in time`);
    await sleep(20);
  }
}
