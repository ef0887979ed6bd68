import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type EphemeralRedis, RedisStartError, startEphemeralRedis, waitFor } from '../src/index.ts';
import { processGone, servingPid } from './support/probes.ts';

describe('startEphemeralRedis', () => {
  const started: EphemeralRedis[] = [];
  async function start(options?: Parameters<typeof startEphemeralRedis>[0]): Promise<EphemeralRedis> {
    const redis = await startEphemeralRedis(options);
    started.push(redis);
    return redis;
  }
  afterAll(async () => {
    await Promise.all(started.map((redis) => redis.stop()));
  });

  it('starts a real redis-server that answers PING, and stop() frees the port and removes the data dir', async () => {
    const redis = await start();
    expect(redis.backend).toBe('process');
    expect(redis.host).toBe('127.0.0.1');
    expect(redis.port).not.toBe(6379);
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(existsSync(redis.dataDir)).toBe(true);
    const pid = redis.pid;
    expect(pid).toBeTypeOf('number');

    const client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    try {
      expect(await client.ping()).toBe('PONG');
      // It is our own server, not some other Redis: its config points at our data dir.
      expect(await client.config('GET', 'dir')).toEqual(['dir', redis.dataDir]);
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
    } finally {
      client.disconnect();
    }

    await redis.stop();
    expect(await servingPid(redis.host, redis.port)).not.toBe(pid);
    expect(existsSync(redis.dataDir)).toBe(false);
    expect(redis.pid).toBeUndefined();
    await waitFor(() => pid !== undefined && processGone(pid), { description: `pid ${pid} to be gone` });
    // Idempotent.
    await redis.stop();
  });

  it('gives concurrently started servers different ports and data dirs', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.port).not.toBe(b.port);
    expect(a.dataDir).not.toBe(b.dataDir);
    const clientA = new Redis(a.url, { maxRetriesPerRequest: 0 });
    const clientB = new Redis(b.url, { maxRetriesPerRequest: 0 });
    try {
      await clientA.set('who', 'a');
      expect(await clientB.get('who')).toBeNull();
    } finally {
      clientA.disconnect();
      clientB.disconnect();
    }
  });

  it('honours password, appendonly and extraArgs', async () => {
    const redis = await start({
      password: 's3cret pass',
      appendonly: true,
      appendfsync: 'everysec',
      extraArgs: ['--maxmemory', '10mb'],
    });
    expect(redis.url).toBe(`redis://:s3cret%20pass@127.0.0.1:${redis.port}`);
    const anonymous = new Redis({ host: redis.host, port: redis.port, maxRetriesPerRequest: 0 });
    // Its handshake fails with NOAUTH too; that is the point, not noise for the test output.
    anonymous.on('error', () => undefined);
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    try {
      await expect(anonymous.get('x')).rejects.toThrow(/NOAUTH/);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await client.config('GET', 'appendfsync')).toEqual(['appendfsync', 'everysec']);
      expect(await client.config('GET', 'maxmemory')).toEqual(['maxmemory', String(10 * 1024 * 1024)]);
    } finally {
      anonymous.disconnect();
      client.disconnect();
    }
  });

  it('fails with RedisStartError carrying the log tail when redis-server rejects its arguments', async () => {
    const error = await startEphemeralRedis({ extraArgs: ['--no-such-option', 'x'] }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RedisStartError);
    expect(error).toMatchObject({ code: 'REDIS_START_FAILED', addressInUse: false });
    expect((error as RedisStartError).message).toMatch(/exited during start-up/);
    expect((error as RedisStartError).logTail).toMatch(/no-such-option/);
  });
});
