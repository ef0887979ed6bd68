import { dirname, join } from 'node:path';
import { RedisUnavailableError } from './errors.ts';
import { findExecutable, isExecutableFile } from './find-executable.ts';
import { REDIS_INSTALL_HINT } from './install-hint.ts';

/**
 * Finds the redis-server to run: `redisServerPath` when given (it must be executable),
 * otherwise the first `redis-server` on `searchPath` (default `process.env.PATH`).
 *
 * @returns the binary's path, or `undefined` when none is on the search path.
 * @throws {RedisUnavailableError} when `redisServerPath` is given but is not an executable file.
 */
export function resolveRedisServer(options: {
  readonly redisServerPath?: string | undefined;
  readonly searchPath?: string | undefined;
}): string | undefined {
  return resolveExplicitOrSearch('redis-server', options.redisServerPath, options.searchPath);
}

/**
 * Finds redis-cli: `redisCliPath` when given, else on `searchPath`, else next to `redisServer`
 * (a custom build keeps both in one directory).
 *
 * @throws {RedisUnavailableError} when `redisCliPath` is given but is not an executable file.
 */
export function resolveRedisCli(options: {
  readonly redisCliPath?: string | undefined;
  readonly searchPath?: string | undefined;
  readonly redisServer: string;
}): string | undefined {
  const found = resolveExplicitOrSearch('redis-cli', options.redisCliPath, options.searchPath);
  if (found !== undefined) {
    return found;
  }
  const sibling = join(dirname(options.redisServer), 'redis-cli');
  return isExecutableFile(sibling) ? sibling : undefined;
}

function resolveExplicitOrSearch(
  name: string,
  explicitPath: string | undefined,
  searchPath: string | undefined,
): string | undefined {
  if (explicitPath !== undefined) {
    if (!isExecutableFile(explicitPath)) {
      throw new RedisUnavailableError(
        `${name} path ${explicitPath} is not an executable file. ${REDIS_INSTALL_HINT}`,
      );
    }
    return explicitPath;
  }
  return findExecutable(name, searchPath);
}
