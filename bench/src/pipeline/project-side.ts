// The project's side: signal-engine (both strategies, one shared group), order-router and
// fill-recorder as separate processes, started once; each feed is a market-data-ingest
// process on the synthetic feed, paced in real time at the rate asked for.
import type { Redis } from 'ioredis';
import { PARTITIONS } from '../options.ts';
import { processCpuMs, reapedChildrenCpuMs } from '../tracing/proc-cpu.ts';
import { projectLatencies } from './latency.ts';
import { PIPELINE_SYMBOLS } from './plan.ts';
import { type NamedProcess, running, startTickflowService, stopAll } from './processes.ts';
import type { PipelineSide } from './side.ts';

const NAMESPACE = 'bench-pipeline';
/**
 * Orders that pass: a small book (flips of 2 lots pass the size check), and an order rate
 * limit no bench rate reaches, so every signal that changes the target ends in a fill.
 */
const ROUTER = {
  ROUTER_MAX_POSITION: '1',
  ROUTER_MAX_ORDER_QTY: '2',
  ROUTER_MAX_ORDER_NOTIONAL: '25000',
  ROUTER_MAX_ORDERS_PER_WINDOW: '1000000',
  ROUTER_PAPER_SLIPPAGE_BPS: '1',
  ROUTER_PAPER_COMMISSION_BPS: '4',
};
/** Slack for an ingest run beyond its own length (process start-up, a loaded machine). */
const INGEST_SLACK_MS = 60_000;

/** `extraEnv`: more variables for every process of the side (the tracing scenario's OTEL_*). */
export async function startProjectSide(
  url: string,
  redis: Redis,
  extraEnv: Record<string, string> = {},
): Promise<PipelineSide> {
  const env = {
    REDIS_URL: url,
    TICKFLOW_NAMESPACE: NAMESPACE,
    TICKFLOW_PARTITIONS: String(PARTITIONS),
    ...extraEnv,
  };
  const services: NamedProcess[] = [
    startTickflowService('fill-recorder', env),
    startTickflowService('order-router', { ...env, ...ROUTER }),
    startTickflowService('signal-engine', env),
  ];
  try {
    await Promise.all(services.map(running));
  } catch (error) {
    await stopAll(services).catch(() => undefined);
    throw error;
  }
  // CPU the feeds' ingest processes spent starting (up to their `running` line), counted out
  // of cpuMs(): start-up is not per-tick work, and loading the tracing SDK adds to it.
  let feedsStartupCpuMs = 0;
  return {
    name: 'project',
    namespace: NAMESPACE,
    groups: { market_data: 1, signal: 1, fill: 1 },
    async feed(ratePerS, count, run) {
      const ingest = startTickflowService('market-data-ingest', {
        ...env,
        INGEST_SOURCE: 'synthetic',
        INGEST_SYMBOLS: PIPELINE_SYMBOLS.join(','),
        // A seed per run: other quotes, other event ids (the publisher would drop repeats).
        INGEST_SEED: String(run + 1),
        INGEST_RATE: String(ratePerS),
        INGEST_COUNT: String(count),
        INGEST_PACING: 'realtime',
      });
      const timer = setTimeout(
        () => ingest.child.kill('SIGKILL'),
        (count / ratePerS) * 1000 + INGEST_SLACK_MS,
      );
      let startupCpuMs: number | undefined;
      void ingest.logged('running').then(() => {
        startupCpuMs = processCpuMs(ingest.child.pid);
      });
      const code = await ingest.exited.finally(() => clearTimeout(timer));
      feedsStartupCpuMs += startupCpuMs ?? 0;
      if (code !== 0 || ingest.errors.length > 0) {
        throw new Error(
          `market-data-ingest exited (${code}): ${ingest.errors.join('; ') || ingest.output()}`,
        );
      }
    },
    latencies: (fromMs) => projectLatencies(redis, NAMESPACE, fromMs),
    cpuMs() {
      // The feeds are this process's only children to exit while the services run.
      const parts = [...services.map((service) => processCpuMs(service.child.pid)), reapedChildrenCpuMs()];
      return parts.some((part) => part === undefined)
        ? undefined
        : parts.reduce<number>((sum, part) => sum + (part ?? 0), 0) - feedsStartupCpuMs;
    },
    stop: () => stopAll(services),
  };
}
