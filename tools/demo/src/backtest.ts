// A backtest on recorded data: signal-engine, order-router and fill-recorder started in a
// fresh namespace, the source namespace's market data replayed into it at max speed (the
// replay library, as replay-service and the CLI use it), until every group has handled
// every event; then the run's digest against the source's. Shared by the demo's closing line
// and the e2e backtest test.
import {
  createReplayManager,
  digestNamespace,
  openSelection,
  type RunDigest,
  type Scope,
} from '@tickflow/replay';
import { namespaceDrained } from '@tickflow/streams';
import { waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { DEMO_ROUTER_ENV } from './demo-settings.ts';
import { type NamedServiceProcess, startService } from './service-process.ts';

export interface BacktestOptions {
  readonly redis: Redis;
  readonly url: string;
  readonly source: Scope;
  /** The namespace to replay into; default replay-<run id>. */
  readonly target?: string;
  /** Extra environment of signal-engine, e.g. other strategy parameters. */
  readonly signalEnv?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

export interface BacktestResult {
  readonly namespace: string;
  readonly replayed: number;
  /** From the replay's start until every group had handled every replayed event. */
  readonly elapsedMs: number;
  readonly replayMs: number;
  readonly digest: RunDigest;
  readonly sourceDigest: RunDigest;
  /** Errors the backtest's services logged. */
  readonly errors: string[];
}

export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  const { redis, source } = options;
  const manager = createReplayManager({
    redis,
    scope: source,
    openSelection: (selection) => openSelection(redis, source, selection),
  });
  const started = performance.now();
  const run = await manager.start({
    selection: { types: 'market_data' },
    speed: 'max',
    by: 'demo',
    ...(options.target === undefined ? {} : { target: options.target }),
  });
  const env = {
    REDIS_URL: options.url,
    TICKFLOW_NAMESPACE: run.target,
    TICKFLOW_PARTITIONS: String(source.partitions),
  };
  // The consumers start while the replay writes: their groups read from the start of the
  // streams, so nothing replayed before they are up is missed.
  const services: NamedServiceProcess[] = [
    startService('signal-engine', { ...env, ...options.signalEnv }),
    startService('order-router', { ...env, ...DEMO_ROUTER_ENV }),
    startService('fill-recorder', env),
  ];
  try {
    const finished = await manager.finished(run.id);
    if (finished.state !== 'completed')
      throw new Error(`replay ${run.id} ${finished.state}: ${finished.error ?? ''}`);
    const replayMs = performance.now() - started;
    await Promise.all(services.map((service) => service.waitForLog('running', { timeoutMs: 60_000 })));
    await waitFor(() => namespaceDrained(redis, run.target, source.partitions), {
      timeoutMs: options.timeoutMs ?? 180_000,
      intervalMs: 100,
      description: 'the backtest to handle every replayed event',
    });
    const elapsedMs = performance.now() - started;
    const [digest, sourceDigest] = await Promise.all([
      digestNamespace(redis, { ...source, namespace: run.target }),
      digestNamespace(redis, source),
    ]);
    return {
      namespace: run.target,
      replayed: finished.replayed,
      elapsedMs,
      replayMs,
      digest,
      sourceDigest,
      errors: services.flatMap((service) => service.errors.map((error) => `${service.name}: ${error}`)),
    };
  } finally {
    await Promise.all(services.map((service) => service.stop()));
  }
}
