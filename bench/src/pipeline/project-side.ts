// The project's side: signal-engine (both strategies, one shared group), order-router and
// fill-recorder as separate processes, started once; each feed is a market-data-ingest
// process on the synthetic feed, paced in real time at the rate asked for.
import type { Redis } from 'ioredis';
import { PARTITIONS } from '../options.ts';
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

export async function startProjectSide(url: string, redis: Redis): Promise<PipelineSide> {
  const env = { REDIS_URL: url, TICKFLOW_NAMESPACE: NAMESPACE, TICKFLOW_PARTITIONS: String(PARTITIONS) };
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
      const code = await ingest.exited.finally(() => clearTimeout(timer));
      if (code !== 0 || ingest.errors.length > 0) {
        throw new Error(
          `market-data-ingest exited (${code}): ${ingest.errors.join('; ') || ingest.output()}`,
        );
      }
    },
    latencies: (fromMs) => projectLatencies(redis, NAMESPACE, fromMs),
    stop: () => stopAll(services),
  };
}
