// A port can be taken by another program between the probe that found it free and the bind.
// Then that program's server answers PING while ours fails to bind; start-up must see that the
// answer is not from its own process and fail (so the caller retries on a fresh port) rather
// than hand a test someone else's server.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { RedisStartError, startEphemeralRedis } from '../src/index.ts';
import { spawnRedisProcess } from '../src/redis-process.ts';
import { resolveRedisServer } from '../src/resolve-binaries.ts';

const other = await startEphemeralRedis();
afterAll(() => other.stop());

it('refuses a PONG that comes from another process on the same port', async () => {
  const binary = resolveRedisServer({});
  if (binary === undefined) throw new Error('redis-server is not on PATH');
  const dir = await mkdtemp(join(tmpdir(), 'tickflow-port-taken-'));
  try {
    const logFile = join(dir, 'redis.log');
    const started = spawnRedisProcess({
      binary,
      host: other.host,
      port: other.port,
      dir,
      args: ['--port', String(other.port), '--bind', other.host, '--save', '', '--logfile', logFile],
      password: undefined,
      logFile,
      consoleFile: join(dir, 'console.log'),
      startTimeoutMs: 10_000,
    });
    const error = await started.then(
      (proc) => {
        proc.child.kill('SIGKILL');
        return undefined;
      },
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RedisStartError);
    expect(error).toMatchObject({ addressInUse: true, port: other.port });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
