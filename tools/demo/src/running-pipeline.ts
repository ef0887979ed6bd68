// The four services as processes on an embedded, ephemeral Redis (or REDIS_URL, in a fresh
// namespace so the demo never touches live streams), consumers started and running before
// ingest starts, and stopped in order: ingest, the rest (each finishes, acks
// and releases), then Redis.
import { randomBytes } from 'node:crypto';
import { connect, namespaceDrained } from '@tickflow/streams';
import { startEphemeralRedis, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { DEMO_ROUTER_ENV } from './demo-settings.ts';
import { type DemoMonitor, startMonitor } from './monitor.ts';
import { type NamedServiceProcess, startService } from './service-process.ts';

export const PARTITIONS = 4;

export interface RunningPipeline {
  readonly url: string;
  readonly namespace: string;
  readonly embedded: boolean;
  readonly redis: Redis;
  readonly ingest: NamedServiceProcess;
  /** The fill-recorder's query API, e.g. http://127.0.0.1:41234. */
  readonly recorderApi: Promise<string>;
  /** The EventMonitor (replay-service) on the demo's namespace. */
  readonly monitor: DemoMonitor;
  /** Every event handled by every group (see namespaceDrained). */
  drained(): Promise<boolean>;
  /** Errors logged by any service. */
  errors(): string[];
  /** Stops ingest, then the others, then Redis; the names of services that did not exit 0. */
  stop(): Promise<string[]>;
}

export async function startPipeline(ingestEnv: Record<string, string>): Promise<RunningPipeline> {
  const embedded = process.env.REDIS_URL ? undefined : await startEphemeralRedis();
  const url = process.env.REDIS_URL ?? (embedded?.url as string);
  const namespace = embedded ? 'demo' : `demo-${randomBytes(3).toString('hex')}`;
  const env = { REDIS_URL: url, TICKFLOW_NAMESPACE: namespace, TICKFLOW_PARTITIONS: String(PARTITIONS) };
  const redis = await connect({ url }, 'commands');
  const recorder = startService('fill-recorder', env);
  // The query API is on the kit's HTTP server (logged with `starting`); it answers once running.
  const recorderApi = Promise.all([recorder.logged('starting'), recorder.logged('running')]).then(
    ([line]) => `http://127.0.0.1:${line.port}`,
  );
  const consumers = [
    recorder,
    startService('signal-engine', env),
    startService('order-router', { ...env, ...DEMO_ROUTER_ENV }),
  ];
  let monitor: DemoMonitor | undefined;
  // A consumer logs 'running' once its groups exist on every partition: only then is a drain
  // check (lag and pending of every group) complete. Started earlier, ingest could finish
  // while a slow-starting service had no group yet, and the run would look drained.
  try {
    // The monitor's Ledger tab reads fill-recorder's API: started as soon as its port is known
    // (its `starting` line), while the consumers finish starting.
    const starting = await recorder.waitForLog(
      (line) => line.msg === 'starting' && typeof line.port === 'number',
      { timeoutMs: 60_000, description: 'fill-recorder to listen' },
    );
    monitor = startMonitor(env, `http://127.0.0.1:${starting.port}`);
    await Promise.all(
      consumers.map((service) =>
        service.waitForLog('running', { timeoutMs: 60_000, description: `${service.name} to start` }),
      ),
    );
  } catch (error) {
    for (const service of [...consumers, ...(monitor ? [monitor.service] : [])]) await service.stop();
    redis.disconnect();
    await embedded?.stop();
    throw error;
  }
  const ingest = startService('market-data-ingest', { ...env, ...ingestEnv });
  const services = [...consumers, monitor.service, ingest];
  return {
    url,
    namespace,
    embedded: embedded !== undefined,
    redis,
    ingest,
    recorderApi,
    monitor,
    drained: () => namespaceDrained(redis, namespace, PARTITIONS),
    errors: () => services.flatMap((service) => service.errors.map((error) => `${service.name}: ${error}`)),
    stop: async () => {
      const ingestExit = await ingest.stop();
      const others = [...consumers, monitor.service];
      const exits = await Promise.all(others.map((service) => service.stop()));
      redis.disconnect();
      await embedded?.stop();
      return [
        ...(ingestExit === 0 ? [] : [ingest.name]),
        ...others.filter((_, i) => exits[i] !== 0).map((service) => service.name),
      ];
    },
  };
}

/** Waits until every group has handled every event. */
export async function waitDrained(pipeline: RunningPipeline, timeoutMs: number): Promise<void> {
  await waitFor(() => pipeline.drained(), {
    timeoutMs,
    intervalMs: 250,
    description: 'every service to finish every event',
  });
}
