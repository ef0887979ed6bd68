import { startContainerRedis } from './container-redis.ts';
import type { AppendFsync, EphemeralRedis } from './ephemeral-redis-types.ts';
import { RedisUnavailableError } from './errors.ts';
import { startLocalRedis } from './local-redis.ts';
import { positiveMs } from './option-checks.ts';
import { resolveRedisServer } from './resolve-binaries.ts';

/** Options of {@link startEphemeralRedis}. */
export interface EphemeralRedisOptions {
  /** Enables the append-only file (`--appendonly yes`). Default false. */
  readonly appendonly?: boolean;
  /** `--appendfsync`; Redis's own default (`everysec`) when omitted. */
  readonly appendfsync?: AppendFsync;
  /** Sets `requirepass`; the URL then carries the password. Default: none. */
  readonly password?: string;
  /**
   * With `password`: an ACL user the server's own arguments define (e.g. `--aclfile`), which
   * the readiness probe logs in as and the URL carries; no `requirepass` then. Local only.
   */
  readonly username?: string;
  /** More redis-server arguments, appended last (so they override), e.g. `['--maxmemory', '10mb']`. */
  readonly extraArgs?: readonly string[];
  /** How long the server may take to answer PING, in milliseconds. Default 20 000. */
  readonly startTimeoutMs?: number;
  /** How long stop()/kill() wait for the process to exit before SIGKILL / failing, in milliseconds. Default 5 000. */
  readonly stopTimeoutMs?: number;
  /** Use this redis-server binary instead of searching PATH; no container fallback then. */
  readonly redisServerPath?: string;
  /** PATH-style directory list to search for redis-server. Default `process.env.PATH`. */
  readonly searchPath?: string;
  /** Image for the testcontainers fallback. Default `'redis:7.4-alpine'`. */
  readonly containerImage?: string;
}

const DEFAULT_START_TIMEOUT_MS = 20_000;
const DEFAULT_STOP_TIMEOUT_MS = 5_000;
const DEFAULT_CONTAINER_IMAGE = 'redis:7.4-alpine';
const HOST = '127.0.0.1';

/**
 * Starts a throw-away Redis for a test: a local `redis-server` child process bound to
 * 127.0.0.1 on a free port (never 6379) with a fresh temporary data directory, RDB snapshots
 * off, and readiness checked by PING. Without a redis-server on the search path it falls back
 * to a testcontainers Redis container (no fault injection there).
 *
 * Every server is also killed and its directory removed when the test process exits, so a
 * failing test cannot leak one; still call `stop()` (e.g. in `afterAll`).
 *
 * @throws {RedisUnavailableError} (code `REDIS_UNAVAILABLE`) when neither a binary nor a
 *   container runtime is available; the message says how to install one.
 * @throws {RedisStartError} (code `REDIS_START_FAILED`) when the server does not come up; the
 *   message includes the tail of its log.
 */
export async function startEphemeralRedis(options: EphemeralRedisOptions = {}): Promise<EphemeralRedis> {
  const startTimeoutMs = positiveMs(options.startTimeoutMs, DEFAULT_START_TIMEOUT_MS, 'startTimeoutMs');
  const stopTimeoutMs = positiveMs(options.stopTimeoutMs, DEFAULT_STOP_TIMEOUT_MS, 'stopTimeoutMs');
  const common = {
    appendonly: options.appendonly ?? false,
    appendfsync: options.appendfsync,
    password: options.password,
    username: options.username,
    extraArgs: options.extraArgs ?? [],
  };

  const binary = resolveRedisServer(options);
  if (binary === undefined) {
    if (options.username !== undefined) {
      throw new RedisUnavailableError('an ACL user (username) needs a local redis-server: none on PATH');
    }
    return startContainerRedis(
      { ...common, image: options.containerImage ?? DEFAULT_CONTAINER_IMAGE },
      'No redis-server binary was found on PATH',
    );
  }
  return startLocalRedis({
    ...common,
    binary,
    host: HOST,
    startTimeoutMs,
    stopTimeoutMs,
    cluster: undefined,
  });
}
