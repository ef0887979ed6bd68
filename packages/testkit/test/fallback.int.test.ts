import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisUnavailableError, startEphemeralRedis, startRedisCluster } from '../src/index.ts';

describe('when no redis-server binary is available', () => {
  // An existing but empty directory: a search path on which redis-server cannot be found.
  let emptyDir = '';
  beforeAll(async () => {
    emptyDir = await mkdtemp(join(tmpdir(), 'tickflow-no-redis-'));
  });
  afterAll(async () => {
    await rm(emptyDir, { recursive: true, force: true });
  });

  it('falls back to testcontainers and, without a container runtime, fails with RedisUnavailableError', async (context) => {
    const outcome = await startEphemeralRedis({ searchPath: emptyDir }).then(
      async (redis) => {
        // A container runtime exists here: the fallback worked, which this test cannot judge.
        await redis.stop();
        return 'container started' as const;
      },
      (error: unknown) => error,
    );
    if (outcome === 'container started') {
      context.skip('a container runtime is available, so the fallback started a container');
      return;
    }
    expect(outcome).toBeInstanceOf(RedisUnavailableError);
    const error = outcome as RedisUnavailableError;
    expect(error.code).toBe('REDIS_UNAVAILABLE');
    expect(error.message).toMatch(/no redis-server/i);
    expect(error.message).toMatch(/apt-get install redis-server/);
    expect(error.message).toMatch(/brew install redis/);
    expect(error.message).toMatch(/Docker/);
    // The underlying testcontainers failure is kept for diagnosis.
    expect(error.cause).toBeInstanceOf(Error);
    expect(String((error.cause as Error).message)).toMatch(/container runtime/i);
  });

  it('rejects an explicit redisServerPath that is not executable, without trying containers', async () => {
    const missing = join(emptyDir, 'redis-server');
    await expect(startEphemeralRedis({ redisServerPath: missing })).rejects.toMatchObject({
      code: 'REDIS_UNAVAILABLE',
      message: expect.stringContaining(missing),
    });
  });

  it('startRedisCluster fails with RedisUnavailableError (it has no container fallback)', async () => {
    await expect(startRedisCluster({ searchPath: emptyDir })).rejects.toMatchObject({
      code: 'REDIS_UNAVAILABLE',
      message: expect.stringMatching(/redis-server and redis-cli/),
    });
  });
});
