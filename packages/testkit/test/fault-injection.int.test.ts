import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type EphemeralRedis, RedisStateError, startEphemeralRedis, waitFor } from '../src/index.ts';
import { processGone, servingPid } from './support/probes.ts';

describe('fault injection', () => {
  const started: EphemeralRedis[] = [];
  const clients: Redis[] = [];
  async function start(options?: Parameters<typeof startEphemeralRedis>[0]): Promise<EphemeralRedis> {
    const redis = await startEphemeralRedis(options);
    started.push(redis);
    return redis;
  }
  function connect(redis: EphemeralRedis, options: { commandTimeout?: number } = {}): Redis {
    // No retries: a command must fail rather than be replayed after a reconnect.
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0, ...options });
    clients.push(client);
    return client;
  }
  afterAll(async () => {
    for (const client of clients) {
      client.disconnect();
    }
    await Promise.all(started.map((redis) => redis.stop()));
  });

  it('kill(SIGKILL) + restart() keeps an AOF-fsynced key, on the same port and data dir', async () => {
    const redis = await start({ appendonly: true, appendfsync: 'always' });
    const { port, dataDir } = redis;
    const firstPid = redis.pid;
    const before = connect(redis);
    await before.set('order:1', 'filled');
    before.disconnect();

    await redis.kill('SIGKILL');
    expect(redis.pid).toBeUndefined();
    expect(firstPid !== undefined && processGone(firstPid)).toBe(true);
    expect(await servingPid(redis.host, port)).not.toBe(firstPid);
    expect(existsSync(dataDir)).toBe(true);

    await redis.restart();
    expect(redis.port).toBe(port);
    expect(redis.dataDir).toBe(dataDir);
    expect(redis.pid).toBeTypeOf('number');
    expect(redis.pid).not.toBe(firstPid);
    const after = connect(redis);
    expect(await after.get('order:1')).toBe('filled');
  });

  it('without appendonly the same kill + restart loses the key (the AOF is what kept it)', async () => {
    const redis = await start();
    const before = connect(redis);
    await before.set('order:1', 'filled');
    before.disconnect();

    await redis.kill('SIGKILL');
    await redis.restart();
    const after = connect(redis);
    expect(await after.get('order:1')).toBeNull();
  });

  it('restart() of a running server shuts it down cleanly and comes back on the same port', async () => {
    const redis = await start({ appendonly: true });
    const firstPid = redis.pid;
    const before = connect(redis);
    await before.set('k', 'v');
    before.disconnect();

    await redis.restart();
    expect(redis.pid).not.toBe(firstPid);
    const after = connect(redis);
    expect(await after.get('k')).toBe('v');
  });

  it('pause() makes commands time out and resume() lets them succeed', async () => {
    const redis = await start();
    const client = connect(redis, { commandTimeout: 500 });
    await client.set('k', 'v');

    redis.pause();
    await expect(client.get('k')).rejects.toThrow(/timed out/i);

    redis.resume();
    // Each attempt may still time out on a loaded machine; retry until one gets through.
    expect(await waitFor(() => client.get('k'), { timeoutMs: 20_000, description: 'GET after resume' })).toBe(
      'v',
    );
  });

  it('stop() ends a paused server too', async () => {
    const redis = await start();
    const pid = redis.pid;
    redis.pause();
    await redis.stop();
    expect(pid !== undefined && processGone(pid)).toBe(true);
    expect(await servingPid(redis.host, redis.port)).not.toBe(pid);
    expect(existsSync(redis.dataDir)).toBe(false);
  });

  it('rejects fault injection on a server that is not running or was stopped', async () => {
    const redis = await start();
    await redis.kill('SIGTERM');
    expect(() => redis.pause()).toThrow(RedisStateError);
    await expect(redis.kill()).rejects.toMatchObject({ code: 'REDIS_INVALID_STATE' });
    await redis.stop();
    await expect(redis.restart()).rejects.toThrow(RedisStateError);
  });
});
