// The tracing scenario's figures as metrics and notes: each sampled mode against tracing off
// in the same run, off against the raw baseline as the hop and pipeline scenarios compare
// them, and the span counts the receiver saw (a sampled run must show its spans arrived).
import type { PipelinePlan } from '../pipeline/plan.ts';
import { atMostTimesRaw, besideRaw, type Metric, type ScenarioResult, vsRaw } from '../report.ts';
import {
  P99_MAX_RATIO as HOP_P99_VS_RAW,
  SUSTAINED_MIN_RATIO as HOP_SUSTAINED_VS_RAW,
  type HopFigures,
} from '../scenarios/hop.ts';
import { P99_MAX_RATIO as PIPELINE_P99_VS_RAW } from '../scenarios/pipeline.ts';
import { quantile } from '../stats.ts';
import type { TracingModeName } from './modes.ts';
import type { PipelineModeFigures } from './pipeline-modes.ts';
import type { SpanCostFigures } from './span-cost.ts';
import type { ReceivedTotals } from './span-receiver.ts';

export interface ModeRun<F> {
  readonly mode: TracingModeName;
  readonly figures: F;
  readonly received: ReceivedTotals;
}

export interface TracingRuns {
  readonly spanCosts: readonly ModeRun<SpanCostFigures>[];
  readonly rawHop: HopFigures;
  readonly hops: readonly ModeRun<HopFigures>[];
  readonly rawPipeline: PipelineModeFigures;
  readonly pipelines: readonly ModeRun<PipelineModeFigures>[];
  readonly plan: PipelinePlan;
  /** 1-minute load average at the scenario's start and end. */
  readonly load: readonly [number, number];
}

/** The issue's targets for the sampled modes, as ratios to off in the same run. */
const TARGETS = {
  '1 %': { minThroughput: 0.95, maxP99: 1.05 },
  '100 %': { minThroughput: 0.75, maxP99: 1.25 },
} as const;
/** The off path (no SDK): its calls at most this share of the hop's CPU per event. */
const OFF_PATH_MAX_SHARE = 0.02;

export function tracingReport(runs: TracingRuns): ScenarioResult {
  const hopOff = figuresOf(runs.hops, 'off');
  const pipelineOff = figuresOf(runs.pipelines, 'off');
  const rate = `${(runs.plan.rates[0] ?? 0) / 1000}k/s`;
  const metrics: Metric[] = [
    ...spanCostMetrics(runs.spanCosts, hopOff),
    vsRaw('hop off: sustained', 'events/s', hopOff.sustained, runs.rawHop.sustained, HOP_SUSTAINED_VS_RAW),
    atMostTimesRaw('hop off: p99 at 10k/s', 'ms', hopOff.p99Ms, runs.rawHop.p99Ms, HOP_P99_VS_RAW),
    besideRaw('hop off: events per CPU-second', 'events/s', perCpuS(hopOff), perCpuS(runs.rawHop)),
  ];
  for (const { mode, figures, received } of runs.hops) {
    if (mode === 'off') continue;
    const { minThroughput, maxP99 } = TARGETS[mode];
    metrics.push(
      vsRaw(`hop ${mode}: sustained`, 'events/s', figures.sustained, hopOff.sustained, minThroughput, 'off'),
      atMostTimesRaw(`hop ${mode}: p99 at 10k/s`, 'ms', figures.p99Ms, hopOff.p99Ms, maxP99, 'off'),
      besideRaw(`hop ${mode}: p50 at 10k/s`, 'ms', figures.p50Ms, hopOff.p50Ms, true, 'off'),
      vsRaw(
        `hop ${mode}: events per CPU-second`,
        'events/s',
        perCpuS(figures),
        perCpuS(hopOff),
        minThroughput,
        'off',
      ),
      spansPer(`hop ${mode}: spans exported per event`, received.spans / figures.events, mode),
    );
  }
  metrics.push(
    atMostTimesRaw(
      `pipeline off: tick→fill p99 at ${rate}`,
      'ms',
      p99(pipelineOff),
      p99(runs.rawPipeline),
      PIPELINE_P99_VS_RAW,
    ),
    besideRaw(`pipeline off: tick→fill p50 at ${rate}`, 'ms', p50(pipelineOff), p50(runs.rawPipeline), true),
  );
  const offTicksPerCpuS = ticksPerCpuS(pipelineOff);
  if (offTicksPerCpuS !== undefined) {
    metrics.push({ name: 'pipeline off: ticks per CPU-second', unit: 'ticks/s', project: offTicksPerCpuS });
  }
  for (const { mode, figures, received } of runs.pipelines) {
    if (mode === 'off') continue;
    const { minThroughput, maxP99 } = TARGETS[mode];
    const perCpuS = ticksPerCpuS(figures);
    if (perCpuS !== undefined && offTicksPerCpuS !== undefined) {
      metrics.push(
        vsRaw(
          `pipeline ${mode}: ticks per CPU-second`,
          'ticks/s',
          perCpuS,
          offTicksPerCpuS,
          minThroughput,
          'off',
        ),
      );
    }
    metrics.push(
      atMostTimesRaw(
        `pipeline ${mode}: tick→fill p99 at ${rate}`,
        'ms',
        p99(figures),
        p99(pipelineOff),
        maxP99,
        'off',
      ),
      besideRaw(
        `pipeline ${mode}: tick→fill p50 at ${rate}`,
        'ms',
        p50(figures),
        p50(pipelineOff),
        true,
        'off',
      ),
      spansPer(`pipeline ${mode}: spans exported per tick`, received.spans / figures.ticks, mode),
    );
  }
  return { scenario: 'tracing', status: 'ok', metrics, notes: notes(runs) };
}

function spanCostMetrics(costs: readonly ModeRun<SpanCostFigures>[], hopOff: HopFigures): Metric[] {
  const off = figuresOf(costs, 'off');
  const offNs = off.tracedNs - off.bareNs;
  const hopNs = hopCpuUs(hopOff) * 1000;
  const share = hopNs > 0 ? offNs / hopNs : Number.POSITIVE_INFINITY;
  return [
    { name: 'span calls per event, off (no-op API)', unit: 'ns', project: offNs },
    {
      name: "off path: share of the hop's CPU per event",
      unit: '%',
      project: share * 100,
      target: `≤ ${OFF_PATH_MAX_SHARE * 100} %`,
      pass: share <= OFF_PATH_MAX_SHARE,
    },
    ...costs
      .filter(({ mode }) => mode !== 'off')
      .map(({ mode, figures }) =>
        besideRaw(
          `span calls per event, ${mode} (export included)`,
          'ns',
          figures.tracedNs - figures.bareNs,
          offNs,
          true,
          'off',
        ),
      ),
  ];
}

/** Spans the receiver counted per event: at 100 % every event has a send or create and a process span. */
function spansPer(name: string, perEvent: number, mode: TracingModeName): Metric {
  const metric: Metric = { name, unit: 'spans', project: perEvent };
  return mode === '100 %' ? { ...metric, target: '≥ 2 (none dropped)', pass: perEvent >= 2 } : metric;
}

function figuresOf<F>(runs: readonly ModeRun<F>[], mode: TracingModeName): F {
  const found = runs.find((run) => run.mode === mode);
  if (found === undefined) throw new Error(`no ${mode} run`);
  return found.figures;
}

const hopCpuUs = (figures: HopFigures) => figures.consumerCpuUs + figures.publisherCpuUs;
/**
 * Events the hop's two processes handle per second of CPU: the throughput the CPU allows, the
 * figure a loaded machine moves least (the burst's rate and the p99 follow whatever else runs).
 */
const perCpuS = (figures: HopFigures) => {
  const us = hopCpuUs(figures);
  return us > 0 ? 1e6 / us : 0;
};
const p99 = (figures: PipelineModeFigures) => quantile(figures.latenciesMs, 0.99);
const p50 = (figures: PipelineModeFigures) => quantile(figures.latenciesMs, 0.5);
const ticksPerCpuS = (figures: PipelineModeFigures) =>
  figures.cpuMs === undefined || figures.cpuMs <= 0 ? undefined : (figures.ticks * 1000) / figures.cpuMs;

function notes(runs: TracingRuns): string[] {
  const pipelineSeconds = runs.plan.seconds;
  return [
    'modes: off = no OTEL_* variables (no SDK loaded: every other scenario runs so); 1 % = OTEL_TRACES_SAMPLER=parentbased_traceidratio, OTEL_TRACES_SAMPLER_ARG=0.01; 100 % = parentbased_always_on; sampled modes export OTLP http/protobuf to a receiver in the bench process, the SDK batching at its defaults (queue 2048, 512 a batch, every 5 s)',
    'span calls: the runtime’s tracing calls for one event published and handled (send + process spans, context injected and extracted), in a loop, minus the same loop without them (span-cost.ts); CPU per event, export included when sampled',
    ...runs.spanCosts.map(
      ({ mode, figures }) =>
        `span calls ${mode}: ${fmt(figures.tracedNs)} ns per event against ${fmt(figures.bareNs)} without, ${figures.recordedPerEvent.toFixed(2)} spans recorded per event, over ${figures.events} events`,
    ),
    'hop: the hop scenario run in each mode by fresh processes (publisher, consumer); CPU per event = consumer + publisher over the recorded run at 10k/s',
    ...[{ mode: 'raw', figures: runs.rawHop, received: undefined }, ...runs.hops].map(
      ({ mode, figures, received }) =>
        `hop ${mode}: burst published in ${Math.round(figures.publishMs)} ms, last handler call ${Math.round(figures.tailMs)} ms after; p99.9 ${fmt(figures.p999Ms)} ms; CPU per event consumer ${fmt(figures.consumerCpuUs)} µs, publisher ${fmt(figures.publisherCpuUs)} µs${received ? `; ${describeReceived(received, figures.events, 'event')}` : ''}`,
    ),
    `pipeline: ${runs.plan.rates[0]} ticks/s held ${pipelineSeconds} s per mode on freshly started services; CPU = the three services from the feed's start until all was done, plus the feed's ingest process from its \`running\` line to its exit`,
    ...[{ mode: 'raw', figures: runs.rawPipeline, received: undefined }, ...runs.pipelines].map(
      ({ mode, figures, received }) =>
        `pipeline ${mode}: ${describeStep(figures)}${received ? `; ${describeReceived(received, figures.ticks, 'tick')}` : ''}`,
    ),
    `load average ${runs.load[0].toFixed(1)} at the start, ${runs.load[1].toFixed(1)} at the end`,
  ];
}

function describeStep({ step, cpuMs, latenciesMs }: PipelineModeFigures): string {
  const drained =
    step.drainedAfterMs === undefined ? 'not drained' : `drained in ${Math.round(step.drainedAfterMs)} ms`;
  const cpu = cpuMs === undefined ? '' : `, CPU ${Math.round(cpuMs)} ms`;
  return `${step.keptUp ? 'kept up' : 'NOT kept up'} (fed ${Math.round(step.achievedPerS)}/s, max queued ${step.maxQueued}, ${drained}${cpu}), tick→fill p99.9 ${fmt(quantile(latenciesMs, 0.999))} ms over ${latenciesMs.length} fills`;
}

/** Requests, bytes and spans by operation (the first word of a span's name) per event. */
function describeReceived(received: ReceivedTotals, events: number, unit: string): string {
  const byOperation = new Map<string, number>();
  for (const [name, count] of Object.entries(received.byName)) {
    const operation = name.split(' ')[0] ?? name;
    byOperation.set(operation, (byOperation.get(operation) ?? 0) + count);
  }
  const perEvent = [...byOperation]
    .map(([operation, count]) => `${operation} ${(count / events).toFixed(3)}`)
    .join(', ');
  return `received ${received.spans} spans (${perEvent || 'none'} per ${unit}) in ${received.requests} requests, ${(received.bytes / 1e6).toFixed(1)} MB, counted in ${Math.round(received.countingMs)} ms`;
}

const fmt = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2));
