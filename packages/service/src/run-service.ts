// runService(): the one way a Tickflow service starts and stops.
//   config (env, zod) → logger → tracing hook → metrics + HTTP (/healthz /readyz /metrics)
//   → Redis (retried until reachable) → the service's setup() → its consumers start;
//   SIGTERM/SIGINT → stop consumers (finish, ack, release) and stop hooks, within
//   SHUTDOWN_GRACE_MS, then exit 0 (or 1 if the deadline passed).
import {
  type ConnectionOptions,
  type Consumer,
  type CreateConsumerOptions,
  connect,
  createConsumer,
  createPublisher,
  type Publisher,
  pause,
  RedisUnavailableError,
  redact,
  retryDelayMs,
} from '@tickflow/streams';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { type KitConfig, parseConfig } from './config.ts';
import { logStatus } from './consumer-status-log.ts';
import { ConfigError } from './errors.ts';
import { startHealthServer } from './http-server.ts';
import { createLogger, type Logger } from './logger.ts';
import { createServiceMetrics, type ServiceMetrics } from './metrics.ts';
import { setupTracing } from './tracing.ts';

export type ConsumerSpec = Omit<
  CreateConsumerOptions,
  'connection' | 'namespace' | 'partitions' | 'metrics'
> &
  Partial<Pick<CreateConsumerOptions, 'namespace' | 'partitions'>>;

export interface ServiceContext<C> {
  readonly name: string;
  readonly config: C;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly connection: ConnectionOptions;
  /** The service's `commands` connection. */
  readonly redis: Redis;
  /** Publishes into the configured namespace. */
  readonly publisher: Publisher;
  /** A consumer wired to the service's Redis, metrics and namespace; started after setup, stopped on shutdown, part of /readyz. */
  createConsumer(spec: ConsumerSpec): Consumer;
  /** A named readiness condition for /readyz. */
  addReadinessCheck(name: string, isReady: () => boolean): void;
  /** Runs on shutdown, in reverse order of registration, before connections close. */
  onStop(hook: () => void | Promise<void>): void;
}

export interface ServiceDefinition<S extends z.ZodObject> {
  readonly name: string;
  /** The service's own environment variables (the kit's are added). */
  readonly config: S;
  readonly setup: (context: ServiceContext<KitConfig & z.infer<S>>) => void | Promise<void>;
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Called with the exit code when the service ends; default process.exit. */
  readonly exit?: (code: number) => void;
  /** Install SIGTERM/SIGINT handlers (default true). */
  readonly handleSignals?: boolean;
}

export interface RunningService {
  readonly port: number;
  /** Graceful stop; resolves with the exit code it would use (0, or 1 past the deadline). */
  stop(): Promise<number>;
}

export async function runService<S extends z.ZodObject>(
  definition: ServiceDefinition<S>,
  options: RunOptions = {},
): Promise<RunningService | undefined> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let config: KitConfig & z.infer<S>;
  try {
    config = parseConfig(definition.name, definition.config, options.env ?? process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    exit(2);
    return undefined;
  }

  const logger = createLogger({
    service: definition.name,
    level: config.LOG_LEVEL,
    pretty: config.LOG_PRETTY ?? Boolean(process.stdout.isTTY),
  });
  const tracing = setupTracing(config.OTEL_ENABLED, definition.name, logger);
  const metrics = createServiceMetrics(definition.name);
  const readiness = new Map<string, () => boolean>();
  const stopHooks: (() => void | Promise<void>)[] = [];
  const consumers: Consumer[] = [];
  const connection: ConnectionOptions = {
    url: config.REDIS_URL,
    ...(config.REDIS_USERNAME === undefined ? {} : { username: config.REDIS_USERNAME }),
    ...(config.REDIS_PASSWORD === undefined ? {} : { password: config.REDIS_PASSWORD }),
    name: definition.name,
    metrics: metrics.streams,
  };
  let stopping: Promise<number> | undefined;
  let redis: Redis | undefined;
  const abort = new AbortController();

  const http = await startHealthServer({
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    registry: metrics.registry,
    notReady: () =>
      stopping ? ['stopping'] : [...readiness].filter(([, ready]) => !ready()).map(([name]) => name),
  });
  logger.info(
    { port: http.port, redis: redact(config.REDIS_URL), namespace: config.TICKFLOW_NAMESPACE },
    'starting',
  );

  const stop = (): Promise<number> => {
    stopping ??= (async () => {
      abort.abort();
      logger.info('stopping');
      const deadline = new Promise<'late'>((resolve) =>
        setTimeout(resolve, config.SHUTDOWN_GRACE_MS, 'late').unref(),
      );
      const work = (async () => {
        for (const hook of stopHooks.reverse()) await hook();
        await Promise.all(consumers.map((consumer) => consumer.stop()));
        await tracing.shutdown();
      })().then(
        () => 'done' as const,
        (error: unknown) => {
          logger.error({ err: error }, 'error while stopping');
          return 'done' as const;
        },
      );
      const outcome = await Promise.race([work, deadline]);
      if (outcome === 'late')
        logger.error({ graceMs: config.SHUTDOWN_GRACE_MS }, 'stop deadline passed; exiting anyway');
      redis?.disconnect();
      await http.close();
      logger.info({ outcome }, 'stopped');
      return outcome === 'late' ? 1 : 0;
    })();
    return stopping;
  };
  if (options.handleSignals ?? true) {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'signal received');
      void stop().then(exit);
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }

  readiness.set('redis', () => redis?.status === 'ready');
  redis = await connectWithRetry(connection, logger, abort.signal);
  if (!redis) return { port: http.port, stop };
  const publisher = createPublisher(redis, {
    namespace: config.TICKFLOW_NAMESPACE,
    partitions: config.TICKFLOW_PARTITIONS,
    metrics: metrics.streams,
  });

  await definition.setup({
    name: definition.name,
    config,
    logger,
    metrics,
    connection,
    redis,
    publisher,
    createConsumer(spec) {
      const consumer = createConsumer({
        namespace: config.TICKFLOW_NAMESPACE,
        partitions: config.TICKFLOW_PARTITIONS,
        leaseTtlMs: config.TICKFLOW_LEASE_TTL_MS,
        ...spec,
        connection,
        metrics: metrics.streams,
      });
      consumer.onStatus((status) => logStatus(logger.child({ group: spec.group }), status));
      consumers.push(consumer);
      readiness.set(`consumer ${spec.group}`, () => consumer.ready);
      return consumer;
    },
    addReadinessCheck: (name, isReady) => readiness.set(name, isReady),
    onStop: (hook) => stopHooks.push(hook),
  });
  if (!stopping) await Promise.all(consumers.map((consumer) => consumer.start()));
  logger.info({ consumers: consumers.map((consumer) => consumer.name) }, 'running');
  return { port: http.port, stop };
}

/** Connects, retrying with capped backoff while Redis is unreachable, until it works or the service stops. */
async function connectWithRetry(
  options: ConnectionOptions,
  logger: Logger,
  signal: AbortSignal,
): Promise<Redis | undefined> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      return await connect(options, 'commands');
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) throw error;
      const delayMs = retryDelayMs(attempt, 100, 5_000);
      logger.warn({ err: error.message, attempt, delayMs }, 'Redis unreachable; retrying');
      await pause(delayMs, signal);
    }
  }
  return undefined;
}
