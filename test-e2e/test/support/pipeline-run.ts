// One run of the whole pipeline as four processes on its own ephemeral Redis (or another
// Redis, a cluster too, that the caller starts): the Tardis quotes in, until every group has
// drained; optionally each service SIGKILLed once — when a random amount of its work is done —
// and restarted, or something else done to Redis meanwhile. Returns what the streams hold and
// what fill-recorder answers.
import { DEMO_ROUTER_ENV, TARDIS_QUOTES } from '@tickflow/demo/settings';
import { type AnyEvent, EVENT_TYPES, type EventType, partitionKeys } from '@tickflow/events';
import { connectClient, namespaceDrained, type RedisClient, readEvents } from '@tickflow/streams';
import { type ServiceProcess, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { startService } from './processes.ts';

export const NAMESPACE = 'e2e';
export const PARTITIONS = 4;
const SERVICES = ['market-data-ingest', 'signal-engine', 'order-router', 'fill-recorder'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface Kill {
  readonly service: ServiceName;
  /** The progress measure when it was killed, and the random threshold that triggered it. */
  readonly progress: number;
  readonly threshold: number;
  /** Whether the process was still running when SIGKILL was sent. */
  readonly wasRunning: boolean;
}

export interface RunResult {
  readonly events: Map<EventType, AnyEvent[]>;
  readonly pnl: PnlAnswer;
  readonly positions: PositionsAnswer;
  readonly rebuildIdentical: boolean;
  readonly kills: Kill[];
  readonly errors: string[];
}

export interface PnlAnswer {
  total: { realized_pnl: string; unrealized_pnl: string; commissions: string; net_pnl: string };
  strategies: Record<string, { net_pnl: string }>;
  fills: number;
}

export interface PositionsAnswer {
  by_strategy: {
    strategy_id: string | null;
    symbol: string;
    quantity: string;
    cost_basis: string;
    realized_pnl: string;
    commissions: string;
  }[];
}

/** Where the run's Redis is: a `redis://` or `redis+cluster://` URL, and how to stop it. */
export interface RedisServer {
  readonly url: string;
  stop(): Promise<void>;
}

export interface RunOptions {
  /** Kill each service once, at random thresholds drawn from `random`. */
  readonly crash?: { readonly random: () => number };
  /** Another Redis (e.g. with ACL users, or a cluster; its URL is the harness's way in) and each service's extra env. */
  readonly redis?: {
    start(): Promise<RedisServer>;
    envOf(service: ServiceName): Record<string, string>;
  };
  /** Told of every service process started (to read its output after the run). */
  readonly onServiceStarted?: (service: ServiceName, process: ServiceProcess) => void;
  /** Ingest paced (the file's quotes in ~8 s), so that what happens meanwhile lands mid-run. */
  readonly paced?: boolean;
  /** Started with ingest, awaited before the drain check (e.g. fail a cluster's master over). */
  readonly during?: (redis: RedisClient) => Promise<void>;
  /** Runs once the services have stopped, before Redis does (to ask it about the run). */
  readonly beforeRedisStop?: () => Promise<void>;
}

export async function runPipeline(options: RunOptions = {}): Promise<RunResult> {
  const redisServer = await (options.redis?.start() ?? startEphemeralRedis());
  const redis = await connectClient({ url: redisServer.url }, 'commands');
  const env = {
    REDIS_URL: redisServer.url,
    TICKFLOW_NAMESPACE: NAMESPACE,
    TICKFLOW_PARTITIONS: String(PARTITIONS),
    // A killed instance's partitions move after this long.
    TICKFLOW_LEASE_TTL_MS: '1500',
  };
  const envOf: Record<ServiceName, Record<string, string>> = {
    'market-data-ingest': {
      ...env,
      INGEST_SOURCE: 'tardis-quotes',
      INGEST_PATH: TARDIS_QUOTES,
      // Paced in the crash run (the file's 226 s of quotes in ~8 s) so the kills land mid-run.
      ...(options.crash || options.paced ? { INGEST_PACING: 'realtime', INGEST_SPEED: '30' } : {}),
    },
    'signal-engine': env,
    'order-router': { ...env, ...DEMO_ROUTER_ENV },
    'fill-recorder': env,
  };
  const running = new Map<ServiceName, ServiceProcess>();
  const all: ServiceProcess[] = [];
  const start = (name: ServiceName) => {
    const service = startService(name, { LOG_LEVEL: 'info', ...envOf[name], ...options.redis?.envOf(name) });
    options.onServiceStarted?.(name, service);
    running.set(name, service);
    all.push(service);
    return service;
  };
  try {
    let recorderApi = apiOf(start('fill-recorder'));
    for (const name of SERVICES.slice(1, 3)) start(name);
    // Ingest starts once every consumer runs (its groups exist on every partition), so the
    // drain check at the end sees every group.
    await Promise.all(
      [...running.values()].map((service) => service.waitForLog('running', { timeoutMs: 60_000 })),
    );
    start('market-data-ingest');
    const during = options.during?.(redis);
    during?.catch(() => undefined); // awaited below; not unhandled meanwhile

    let kills: Kill[] = [];
    if (options.crash) {
      const { random } = options.crash;
      const between = (low: number, high: number) => Math.floor(low + random() * (high - low));
      const firstApi = recorderApi;
      const plans: [ServiceName, () => Promise<number>, number][] = [
        ['market-data-ingest', () => streamLength(redis, 'market_data'), between(1_000, 7_000)],
        ['signal-engine', () => streamLength(redis, 'signal'), between(50, 400)],
        ['order-router', () => streamLength(redis, 'order'), between(150, 1_400)],
        [
          'fill-recorder',
          async () => (await getJson<PnlAnswer>(await firstApi, '/pnl')).fills,
          between(40, 400),
        ],
      ];
      kills = await Promise.all(
        plans.map(async ([name, progressOf, threshold]) => {
          await waitFor(async () => (await progressOf()) >= threshold, {
            timeoutMs: 120_000,
            intervalMs: 20,
            description: `${name} to reach ${threshold}`,
          });
          const victim = running.get(name) as ServiceProcess;
          const wasRunning = victim.child.exitCode === null && victim.child.signalCode === null;
          victim.child.kill('SIGKILL');
          await victim.exited;
          const progress = await progressOf().catch(() => threshold);
          const restarted = start(name);
          if (name === 'fill-recorder') recorderApi = apiOf(restarted);
          return { service: name, progress, threshold, wasRunning };
        }),
      );
    }

    await during;
    const ingestExit = await (running.get('market-data-ingest') as ServiceProcess).exited;
    if (ingestExit !== 0) throw new Error(`market-data-ingest exited with ${ingestExit}`);
    await waitFor(() => namespaceDrained(redis, NAMESPACE, PARTITIONS), {
      timeoutMs: 180_000,
      intervalMs: 100,
      description: 'every group to finish every event',
    });
    const api = await recorderApi;
    const result: RunResult = {
      events: await readAll(redis),
      pnl: await getJson<PnlAnswer>(api, '/pnl'),
      positions: await getJson<PositionsAnswer>(api, '/positions'),
      rebuildIdentical: (await getJson<{ identical: boolean }>(api, '/ledger/rebuild-check')).identical,
      kills,
      errors: all.flatMap((service) => service.errors),
    };
    const exits = await Promise.all([...running.values()].map((service) => service.stop()));
    if (exits.some((code) => code !== 0))
      throw new Error(`a service did not stop cleanly: ${exits.join(', ')}`);
    return result;
  } finally {
    for (const service of all) if (service.child.exitCode === null) service.child.kill('SIGKILL');
    try {
      await options.beforeRedisStop?.();
    } finally {
      redis.disconnect();
      await redisServer.stop();
    }
  }
}

/** The query API is on the kit's HTTP server; it answers once the service runs. */
async function apiOf(recorder: ServiceProcess): Promise<string> {
  const [{ port }] = (await Promise.all([recorder.logged('starting'), recorder.logged('running')])) as [
    { port: number },
    unknown,
  ];
  return `http://127.0.0.1:${port}`;
}

async function getJson<T>(api: string, path: string): Promise<T> {
  const response = await fetch(`${api}${path}`);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Entries of every partition stream of `type`. */
export async function streamLength(redis: RedisClient, type: EventType): Promise<number> {
  let total = 0;
  for (let p = 0; p < PARTITIONS; p++) total += await redis.xlen(partitionKeys(NAMESPACE, type, p).stream);
  return total;
}

async function readAll(redis: RedisClient): Promise<Map<EventType, AnyEvent[]>> {
  const all = new Map<EventType, AnyEvent[]>();
  for (const type of EVENT_TYPES) {
    const events: AnyEvent[] = [];
    for await (const { event } of readEvents(redis, { namespace: NAMESPACE, type, partitions: PARTITIONS }))
      events.push(event);
    all.set(type, events);
  }
  return all;
}
