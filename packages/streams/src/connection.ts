// Redis connections, configured for the two ways the runtime uses Redis.
//
// - `commands` (publish, ack, leases): fail fast when Redis is down — no offline queue, a
//   command timeout, and no blind re-send after a reconnect — so callers see a typed error
//   at once instead of piling up unbounded work. Auto-pipelining batches concurrent calls.
// - `blocking` (one per blocking reader): ioredis re-sends an unfulfilled blocking read
//   after a reconnect and, without a client-side timeout, can wait forever (a known
//   pitfall). So: never re-send, short BLOCK, and a watchdog (see blocking-read.ts) that
//   drops the connection when the server stays silent past BLOCK + grace.
// Reconnects back off exponentially with full jitter, capped. Errors and reconnect attempts
// go to the metrics hooks; errors never surface as an unhandled 'error' event.
import { Redis, type RedisOptions } from 'ioredis';
import { retryDelayMs } from './backoff.ts';
import { RedisUnavailableError } from './errors.ts';
import { noopMetrics, type StreamsMetrics } from './metrics.ts';
import { diagnoseTlsFailure } from './tls-probe.ts';

export interface ConnectionOptions {
  /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
  readonly url: string;
  /** ACL user and password; override those in the URL. */
  readonly username?: string;
  readonly password?: string;
  /** TLS options (CA, client cert...); `rediss://` alone turns TLS on with defaults. */
  readonly tls?: RedisOptions['tls'];
  /** Name shown in CLIENT LIST. */
  readonly name?: string;
  /** Default 5,000. */
  readonly connectTimeoutMs?: number;
  /** Per-command deadline on `commands` connections. Default 5,000. */
  readonly commandTimeoutMs?: number;
  /** First reconnect delay; doubles per attempt. Default 50. */
  readonly reconnectBaseDelayMs?: number;
  /** Reconnect delay cap. Default 2,000. */
  readonly reconnectMaxDelayMs?: number;
  readonly metrics?: StreamsMetrics;
}

/**
 * `commands`: every command under its own deadline (commandTimeoutMs). `blocking`: one
 * blocking reader (XREADGROUP BLOCK), watched by its caller. `bulk`: large pipelines (a
 * replay's writes) without a timer per command — thousands per pipeline cost ~10 % of a
 * replay's throughput — whose caller bounds each pipeline as a whole instead.
 */
export const CONNECTION_ROLES = ['commands', 'blocking', 'bulk'] as const;
export type ConnectionRole = (typeof CONNECTION_ROLES)[number];

/** Grace beyond BLOCK before a blocking read is declared lost. */
export const BLOCKING_GRACE_MS = 2_000;

/**
 * A connected ioredis client for `role`. Rejects with RedisUnavailableError when the first
 * connection fails; later outages are retried in the background with backoff.
 */
export async function connect(options: ConnectionOptions, role: ConnectionRole): Promise<Redis> {
  const metrics = options.metrics ?? noopMetrics;
  const baseMs = options.reconnectBaseDelayMs ?? 50;
  const maxMs = options.reconnectMaxDelayMs ?? 2_000;
  const commandTimeoutMs = options.commandTimeoutMs ?? 5_000;
  const redis = new Redis(options.url, {
    lazyConnect: true,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    connectionName: options.name ?? `tickflow-${role}`,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    retryStrategy: (attempt) => retryDelayMs(attempt, baseMs, maxMs),
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    ...(role === 'commands' ? { commandTimeout: commandTimeoutMs, enableAutoPipelining: true } : {}),
  });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => {
    lastError = error;
    metrics.connectionError(role, error);
  });
  // Once per attempt, including the watchdog's drops of a silent blocking connection.
  redis.on('reconnecting', () => metrics.reconnecting(role));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    // ioredis rejects with "Connection is closed"; the reason (WRONGPASS, ECONNREFUSED...)
    // came through the 'error' event.
    // A certificate problem says which (tls-probe.ts), not just "connection closed".
    const tlsFailure = await diagnoseTlsFailure(redis.options, redact(options.url), lastError ?? error);
    if (tlsFailure) throw tlsFailure;
    const reason = lastError?.message ?? (error as Error).message;
    throw new RedisUnavailableError(`cannot connect to ${redact(options.url)}: ${reason}`, {
      cause: lastError ?? error,
    });
  }
  return redis;
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
