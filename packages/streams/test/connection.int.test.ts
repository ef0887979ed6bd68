// Connections: ACL users, TLS, failing fast while Redis is down, and reconnecting by
// themselves when it is back — with no unhandled error or rejection on the way.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, createPublisher, RedisUnavailableError } from '../src/index.ts';
import { tick } from './support/ticks.ts';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});
afterEach(() => {
  expect(unhandled).toEqual([]);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('connections', () => {
  it('authenticate as an ACL user from options, and report a wrong password clearly', async () => {
    const server = await startEphemeralRedis({
      extraArgs: ['--user', 'ingest', 'on', '>s3cret', '~*', '&*', '+@all'],
    });
    try {
      const url = `redis://127.0.0.1:${server.port}`;
      const redis = await connect({ url, username: 'ingest', password: 's3cret' }, 'commands');
      expect(await redis.call('ACL', 'WHOAMI')).toBe('ingest');
      redis.disconnect();
      await expect(connect({ url, username: 'ingest', password: 'wrong' }, 'commands')).rejects.toThrow(
        /cannot connect to redis:\/\/127\.0\.0\.1:\d+: .*(WRONGPASS|invalid username-password)/,
      );
    } finally {
      await server.stop();
    }
  });

  it('speak TLS with rediss:// and a CA', async () => {
    const certs = mkdtempSync(join(tmpdir(), 'tickflow-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=IP:127.0.0.1,DNS:localhost',
          '-keyout',
          join(certs, 'key.pem'),
          '-out',
          join(certs, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const tlsPort = await freePort();
      const server = await startEphemeralRedis({
        extraArgs: [
          '--tls-port',
          String(tlsPort),
          '--tls-cert-file',
          join(certs, 'cert.pem'),
          '--tls-key-file',
          join(certs, 'key.pem'),
          '--tls-ca-cert-file',
          join(certs, 'cert.pem'),
          '--tls-auth-clients',
          'no',
        ],
      });
      try {
        const redis = await connect(
          { url: `rediss://127.0.0.1:${tlsPort}`, tls: { ca: readFileSync(join(certs, 'cert.pem')) } },
          'commands',
        );
        expect(await redis.ping()).toBe('PONG');
        redis.disconnect();
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(certs, { recursive: true, force: true });
    }
  });

  it('fail fast with RedisUnavailableError while Redis is down, and recover by themselves', async () => {
    const server: EphemeralRedis = await startEphemeralRedis();
    try {
      const redis = await connect(
        { url: server.url, reconnectBaseDelayMs: 20, reconnectMaxDelayMs: 200 },
        'commands',
      );
      const publisher = createPublisher(redis, { namespace: 'conn', partitions: 2 });
      await publisher.publish(tick('AAA', 1));
      await server.kill('SIGKILL');
      await waitFor(() => redis.status !== 'ready', {
        timeoutMs: 10_000,
        description: 'client notices the outage',
      });

      const started = Date.now();
      const failed = await publisher.publish(tick('AAA', 2)).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(RedisUnavailableError);
      expect(Date.now() - started).toBeLessThan(1_000);

      await server.restart();
      const result = await waitFor(() => publisher.publish(tick('AAA', 3)).catch(() => undefined), {
        timeoutMs: 15_000,
        description: 'publish succeeds after the restart',
      });
      expect(result.duplicate).toBe(false);
      redis.disconnect();
    } finally {
      await server.stop();
    }
  });

  it('reject at once when Redis is not there at all', async () => {
    const port = await freePort();
    const attempt = connect({ url: `redis://127.0.0.1:${port}`, connectTimeoutMs: 1_000 }, 'commands');
    await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
  });
});
