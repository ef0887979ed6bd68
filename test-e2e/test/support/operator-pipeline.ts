// The live pipeline on the Tardis quotes (four processes, env as pipeline-run.ts) plus
// replay-service with its API tokens, all on one ephemeral Redis: what an operator works on.
// Resolves once ingest has exited; the consumers may still be draining (see drained()).
import { DEMO_ROUTER_ENV, TARDIS_QUOTES } from '@tickflow/demo/settings';
import { partitionKeys } from '@tickflow/events';
import { connect, namespaceDrained } from '@tickflow/streams';
import {
  type EphemeralRedis,
  killServices,
  type ServiceProcess,
  startEphemeralRedis,
} from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { OPERATOR_TOKEN, READ_TOKEN } from './operator-client.ts';
import { startService } from './processes.ts';

export const NAMESPACE = 'e2e';
export const PARTITIONS = 4;
const CONSUMERS = ['fill-recorder', 'signal-engine', 'order-router'] as const;
export type ServiceName = (typeof CONSUMERS)[number] | 'market-data-ingest' | 'replay-service';

export interface OperatorPipeline {
  readonly server: EphemeralRedis;
  readonly redis: Redis;
  readonly services: ReadonlyMap<ServiceName, ServiceProcess>;
  /** replay-service's API, e.g. http://127.0.0.1:41234. */
  readonly replayApi: string;
  drained(): Promise<boolean>;
  /** Stops every service still running (SIGTERM), then Redis; the exit code of each. */
  stop(): Promise<Record<string, number | string>>;
}

export interface OperatorPipelineOptions {
  /** Another Redis (e.g. with ACL users; its URL is the harness's way in) and each service's extra env. */
  readonly redis?: {
    start(): Promise<EphemeralRedis>;
    envOf(service: ServiceName): Record<string, string>;
  };
}

export async function startOperatorPipeline(
  options: OperatorPipelineOptions = {},
): Promise<OperatorPipeline> {
  const server = await (options.redis?.start() ?? startEphemeralRedis());
  const redis = await connect({ url: server.url }, 'commands');
  const env = {
    REDIS_URL: server.url,
    TICKFLOW_NAMESPACE: NAMESPACE,
    TICKFLOW_PARTITIONS: String(PARTITIONS),
    TICKFLOW_LEASE_TTL_MS: '1500',
    LOG_LEVEL: 'info',
  };
  const services = new Map<ServiceName, ServiceProcess>();
  const start = (name: ServiceName, extra: Record<string, string> = {}) => {
    const service = startService(name, { ...env, ...extra, ...options.redis?.envOf(name) });
    services.set(name, service);
    return service;
  };
  let port: unknown;
  try {
    start('fill-recorder');
    start('signal-engine');
    start('order-router', DEMO_ROUTER_ENV);
    const replay = start('replay-service', {
      API_READ_TOKEN: READ_TOKEN,
      API_OPERATOR_TOKEN: OPERATOR_TOKEN,
    });
    // Ingest starts once every consumer runs (its groups exist on every partition), as in pipeline-run.ts.
    await Promise.all(
      [...services.values()].map((service) => service.waitForLog('running', { timeoutMs: 60_000 })),
    );
    ({ port } = await replay.waitForLog((line) => line.msg === 'starting' && typeof line.port === 'number'));
    const ingest = start('market-data-ingest', {
      INGEST_SOURCE: 'tardis-quotes',
      INGEST_PATH: TARDIS_QUOTES,
    });
    const ingestExit = await ingest.exited;
    if (ingestExit !== 0)
      throw new Error(`market-data-ingest exited with ${ingestExit}: ${ingest.errors.join('; ')}`);
  } catch (error) {
    await killServices([...services.values()]);
    redis.disconnect();
    await server.stop();
    throw error;
  }
  return {
    server,
    redis,
    services,
    replayApi: `http://127.0.0.1:${String(port)}`,
    drained: () => namespaceDrained(redis, NAMESPACE, PARTITIONS),
    async stop() {
      const exits: Record<string, number | string> = {};
      for (const [name, service] of services) exits[name] = await service.stop();
      redis.disconnect();
      await server.stop();
      return exits;
    },
  };
}

/** Every market-data entry of `namespace` as `<partition> <id> <fields>` lines. */
export async function mdEntries(redis: Redis, namespace: string): Promise<string[]> {
  const lines: string[] = [];
  for (let partition = 0; partition < PARTITIONS; partition++) {
    const stream = partitionKeys(namespace, 'market_data', partition).stream;
    for (const [id, fields] of await redis.xrange(stream, '-', '+'))
      lines.push(`${partition} ${id} ${fields.join('|')}`);
  }
  return lines;
}

/** Entries of `namespace`'s streams of `type`, all partitions together. */
export async function streamLength(
  redis: Redis,
  namespace: string,
  type: 'market_data' | 'fill',
): Promise<number> {
  let total = 0;
  for (let partition = 0; partition < PARTITIONS; partition++) {
    total += await redis.xlen(partitionKeys(namespace, type, partition).stream);
  }
  return total;
}
