// runService(): the one way a Tickflow service starts and stops.
//   config (env, zod) → logger → tracing (OTEL_*) → metrics + HTTP (/healthz /readyz /metrics
//   /openapi.json, and the service's routes: 503 "starting" until setup has run)
//   → Redis (retried until reachable) → the service's setup() → its routes answer → its
//   consumers start;
//   SIGTERM/SIGINT → stop consumers (finish, ack, release) and stop hooks, within
//   SHUTDOWN_GRACE_MS, then exit 0 (or 1 if the deadline passed).
import {
  type ConnectionOptions,
  type Consumer,
  connectClient,
  createConsumer,
  createPublisher,
  pause,
  type RedisClient,
  RedisTlsError,
  RedisUnavailableError,
  redact,
  retryDelayMs,
} from '@tickflow/streams';
import type { z } from 'zod';
import { type KitConfig, parseConfig } from './config.ts';
import { consumerNameFor, newIncarnation } from './consumer-name.ts';
import { logStatus } from './consumer-status-log.ts';
import { ConfigError } from './errors.ts';
import { startHttpServer } from './http/http-server.ts';
import { configSecrets } from './log-redaction.ts';
import { createLogger, type Logger } from './logger.ts';
import { readBuildInfo } from './metrics/build-info.ts';
import { createServiceMetrics } from './metrics.ts';
import { redisTlsConnection } from './redis-tls.ts';
import type {
  RouteContext,
  RunningService,
  RunOptions,
  ServiceContext,
  ServiceDefinition,
} from './service-definition.ts';
import { resolveServiceIdentity } from './service-identity.ts';
import { setupTracing } from './tracing.ts';

export async function runService<S extends z.ZodObject, A = void>(
  definition: ServiceDefinition<S, A>,
  options: RunOptions = {},
): Promise<RunningService | undefined> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let config: KitConfig & z.infer<S>;
  try {
    config = parseConfig(definition.name, definition.config, options.env ?? process.env, {
      requireTokens: definition.requireTokens ?? false,
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    exit(2);
    return undefined;
  }

  const identity = resolveServiceIdentity(definition.name, config);
  const logger = createLogger({
    service: identity.name,
    version: identity.version,
    instance: identity.instanceId,
    level: config.LOG_LEVEL,
    pretty: config.LOG_PRETTY ?? Boolean(process.stdout.isTTY),
    secrets: configSecrets(config),
  });
  // Within the grace: the last export must not be why a stop runs late.
  const tracing = await setupTracing({
    config,
    identity,
    logger,
    shutdownTimeoutMs: Math.min(5_000, Math.floor(config.SHUTDOWN_GRACE_MS / 2)),
  });
  // One version everywhere: build info says what the logs and spans say (the service's own
  // package.json), the kit's only when the service's cannot be found.
  const build = readBuildInfo(options.env ?? process.env);
  const metrics = createServiceMetrics(
    definition.name,
    identity.version === 'unknown' ? build : { ...build, version: identity.version },
  );
  const readiness = new Map<string, () => boolean>();
  const stopHooks: (() => void | Promise<void>)[] = [];
  const consumers: Consumer[] = [];
  const incarnation = newIncarnation();
  const connection: ConnectionOptions = {
    url: config.REDIS_URL,
    ...(config.REDIS_USERNAME === undefined ? {} : { username: config.REDIS_USERNAME }),
    ...(config.REDIS_PASSWORD === undefined ? {} : { password: config.REDIS_PASSWORD }),
    ...redisTlsConnection(config),
    name: definition.name,
    metrics: metrics.streams,
  };
  let stopping: Promise<number> | undefined;
  let redis: RedisClient | undefined;
  const abort = new AbortController();

  const http = await startHttpServer<RouteContext<KitConfig & z.infer<S>, A>>({
    service: definition.name,
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES,
    tokens: { read: config.API_READ_TOKEN, operator: config.API_OPERATOR_TOKEN },
    routes: definition.routes,
    errorMap: definition.errorMap,
    logger,
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

  let setUp = false;
  readiness.set('redis', () => redis?.status === 'ready');
  readiness.set('setup', () => setUp);
  try {
    redis = await connectWithRetry(connection, logger, abort.signal);
  } catch (error) {
    if (!(error instanceof RedisTlsError)) throw error;
    // One line saying which certificate problem and what to change; exit 2 as for bad config.
    logger.fatal({ failure: error.failure }, error.message);
    await http.close();
    await tracing.shutdown();
    exit(2);
    return undefined;
  }
  if (!redis) return { port: http.port, stop };
  const publisher = createPublisher(redis, {
    namespace: config.TICKFLOW_NAMESPACE,
    partitions: config.TICKFLOW_PARTITIONS,
    metrics: metrics.streams,
  });

  const context: ServiceContext<KitConfig & z.infer<S>> = {
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
        ...(config.TICKFLOW_CONSUMER_NAME === undefined
          ? {}
          : { consumerName: consumerNameFor(spec.group, config.TICKFLOW_CONSUMER_NAME, incarnation) }),
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
  };
  const app = await definition.setup(context);
  http.serve({ ...context, app });
  setUp = true;
  if (!stopping) await Promise.all(consumers.map((consumer) => consumer.start()));
  logger.info({ consumers: consumers.map((consumer) => consumer.name) }, 'running');
  return { port: http.port, stop };
}

/** Connects, retrying with capped backoff while Redis is unreachable, until it works or the service stops. */
async function connectWithRetry(
  options: ConnectionOptions,
  logger: Logger,
  signal: AbortSignal,
): Promise<RedisClient | undefined> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      // One Redis, or a Cluster client for a redis+cluster:// URL (docs/decisions/0025).
      return await connectClient(options, 'commands');
    } catch (error) {
      // A certificate problem is no outage to wait out (runService exits on it).
      if (!(error instanceof RedisUnavailableError) || error instanceof RedisTlsError) throw error;
      const delayMs = retryDelayMs(attempt, 100, 5_000);
      logger.warn({ err: error.message, attempt, delayMs }, 'Redis unreachable; retrying');
      await pause(delayMs, signal);
    }
  }
  return undefined;
}
