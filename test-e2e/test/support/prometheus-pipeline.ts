// The pipeline a Prometheus e2e test scrapes: an ephemeral Redis, the four services and
// replay-service (the observer of the namespace) as processes, each on its own free HTTP
// port. Ingest reads the endless synthetic feed, paced in real time, so counters keep moving
// for as long as the test needs them to.
import { randomBytes } from 'node:crypto';
import { DEMO_ROUTER_ENV } from '@tickflow/demo/settings';
import { type EphemeralRedis, type ServiceProcess, startEphemeralRedis } from '@tickflow/testkit';
import { startService } from './processes.ts';
import type { ScrapeTarget } from './prometheus-config.ts';

export const OBSERVED_SERVICES = [
  'market-data-ingest',
  'signal-engine',
  'order-router',
  'fill-recorder',
  'replay-service',
] as const;
export type ObservedService = (typeof OBSERVED_SERVICES)[number];

export interface ObservedPipeline {
  readonly redis: EphemeralRedis;
  readonly services: ReadonlyMap<ObservedService, ServiceProcess>;
  /** Each service's job (`tickflow-<service>`) and loopback address. */
  readonly targets: readonly ScrapeTarget[];
  /** Errors any service logged. */
  errors(): string[];
  /** SIGTERM to every service (ingest first), then Redis. */
  stop(): Promise<void>;
}

const STARTUP_MS = 60_000;

export async function startObservedPipeline(): Promise<ObservedPipeline> {
  const redis = await startEphemeralRedis();
  const env = {
    REDIS_URL: redis.url,
    TICKFLOW_NAMESPACE: 'observed',
    TICKFLOW_PARTITIONS: '4',
    // A consumer the test pauses keeps its leases through the pause: the test is about what
    // Prometheus sees, not about partitions moving.
    TICKFLOW_LEASE_TTL_MS: '60000',
    // The kit logs its HTTP port with `starting`, at info.
    LOG_LEVEL: 'info',
  };
  const token = () => randomBytes(16).toString('hex');
  const envOf: Record<ObservedService, Record<string, string>> = {
    'market-data-ingest': {
      ...env,
      INGEST_SOURCE: 'synthetic',
      INGEST_SYMBOLS: 'BTCUSDT,ETHUSDT',
      INGEST_RATE: '200',
      INGEST_PACING: 'realtime',
    },
    'signal-engine': env,
    'order-router': { ...env, ...DEMO_ROUTER_ENV },
    'fill-recorder': env,
    'replay-service': {
      ...env,
      API_READ_TOKEN: `read-${token()}`,
      API_OPERATOR_TOKEN: `operator-${token()}`,
      REPLAY_RESUME_ON_START: 'false',
    },
  };
  const services = new Map<ObservedService, ServiceProcess>();
  const start = (name: ObservedService) => {
    const service = startService(name, envOf[name]);
    services.set(name, service);
    return service;
  };
  const stop = async () => {
    // Ingest first so the consumers stop on a quiet stream; any exit code: a test that
    // paused one must still clean up.
    await services.get('market-data-ingest')?.stop();
    await Promise.all([...services.values()].map((service) => service.stop()));
    await redis.stop();
  };
  try {
    // Consumers first, running (their groups exist) before the first tick is published.
    for (const name of OBSERVED_SERVICES.slice(1)) start(name);
    await Promise.all(
      [...services].map(([name, service]) =>
        service.waitForLog('running', { timeoutMs: STARTUP_MS, description: `${name} to run` }),
      ),
    );
    start('market-data-ingest');
    const targets = await Promise.all(
      OBSERVED_SERVICES.map(async (name) => {
        const starting = await (services.get(name) as ServiceProcess).waitForLog(
          (line) => line.msg === 'starting' && typeof line.port === 'number',
          { timeoutMs: STARTUP_MS, description: `${name} to listen` },
        );
        return { job: `tickflow-${name}`, address: `127.0.0.1:${starting.port}` };
      }),
    );
    return {
      redis,
      services,
      targets,
      errors: () => [...services].flatMap(([name, s]) => s.errors.map((error) => `${name}: ${error}`)),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
