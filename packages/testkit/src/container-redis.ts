import type { AppendFsync, EphemeralRedis } from './ephemeral-redis-types.ts';
import { FaultInjectionUnsupportedError, RedisUnavailableError } from './errors.ts';
import { REDIS_INSTALL_HINT } from './install-hint.ts';

/** Settings of the container fallback; every field already defaulted. */
export interface ContainerRedisConfig {
  readonly image: string;
  readonly appendonly: boolean;
  readonly appendfsync: AppendFsync | undefined;
  readonly password: string | undefined;
  readonly extraArgs: readonly string[];
}

// The official image's working directory, where redis-server keeps its files.
const CONTAINER_DATA_DIR = '/data';

/**
 * Starts Redis in a container through testcontainers, the fallback when no redis-server
 * binary is available. The module is imported only here, so callers that have the binary never
 * load testcontainers.
 *
 * @param whyNoBinary - said first in the error message when this fails too.
 * @throws {RedisUnavailableError} when testcontainers cannot be loaded or finds no container
 *   runtime, or the container does not start; `cause` holds the underlying error.
 */
export async function startContainerRedis(
  config: ContainerRedisConfig,
  whyNoBinary: string,
): Promise<EphemeralRedis> {
  let module: typeof import('@testcontainers/redis');
  try {
    module = await import('@testcontainers/redis');
  } catch (error) {
    throw new RedisUnavailableError(
      `${whyNoBinary}, and the testcontainers fallback could not be loaded. ${REDIS_INSTALL_HINT}`,
      { cause: error },
    );
  }

  const args = ['--save', '', '--appendonly', config.appendonly ? 'yes' : 'no'];
  if (config.appendfsync !== undefined) {
    args.push('--appendfsync', config.appendfsync);
  }
  args.push(...config.extraArgs);
  // RedisContainer appends --requirepass itself when given a password.
  let container = new module.RedisContainer(config.image).withCommand(['redis-server', ...args]);
  if (config.password !== undefined) {
    container = container.withPassword(config.password);
  }

  let started: Awaited<ReturnType<typeof container.start>>;
  try {
    started = await container.start();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new RedisUnavailableError(
      `${whyNoBinary}, and the testcontainers fallback failed (${detail}). ${REDIS_INSTALL_HINT}`,
      { cause: error },
    );
  }

  let stopping: Promise<void> | undefined;
  const unsupported = (action: string): FaultInjectionUnsupportedError =>
    new FaultInjectionUnsupportedError(
      `${action} is not supported by the container-backed Redis; install redis-server locally for fault injection`,
    );
  return {
    backend: 'container',
    url: started.getConnectionUrl(),
    host: started.getHost(),
    port: started.getPort(),
    dataDir: CONTAINER_DATA_DIR,
    pid: undefined,
    stop(): Promise<void> {
      stopping ??= started.stop().then(() => undefined);
      return stopping;
    },
    kill(): Promise<void> {
      return Promise.reject(unsupported('kill()'));
    },
    restart(): Promise<void> {
      return Promise.reject(unsupported('restart()'));
    },
    pause(): void {
      throw unsupported('pause()');
    },
    resume(): void {
      throw unsupported('resume()');
    },
  };
}
