// A service over TLS, configured by REDIS_TLS_* against a real redis-server --tls-port with a
// throw-away CA: it runs with the CA only and with a client certificate; a certificate
// problem stops it at start-up with one log line saying which (exit 2), and bad TLS
// variables are configuration errors naming the variable and the path.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createEvent } from '@tickflow/events';
import { connect, createPublisher, loadRedisTls } from '@tickflow/streams';
import { waitFor } from '@tickflow/testkit';
import { tlsRedisForThisFile } from '@tickflow/testkit/vitest';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig, type RunningService, runService } from '../src/index.ts';

const tls = tlsRedisForThisFile();

const quote = (n: number) =>
  createEvent({
    type: 'market_data',
    ts_event: BigInt(n),
    data: {
      kind: 'quote',
      symbol: 'TLS',
      venue: 'test',
      bid_price: '1',
      bid_size: '1',
      ask_price: '2',
      ask_size: '1',
    },
  });

const clientCert = () => ({
  REDIS_TLS_CERT_FILE: tls.certs.client.certFile,
  REDIS_TLS_KEY_FILE: tls.certs.client.keyFile,
});

describe('a service over rediss://', () => {
  for (const [name, server, extra] of [
    ['with the CA only', () => tls.anyClient, () => ({})],
    ['with a client certificate (tls-auth-clients yes)', () => tls.verifiedClients, clientCert],
  ] as const) {
    it(`consumes what is published, ${name}`, async () => {
      const env = {
        REDIS_URL: server().tlsUrl,
        REDIS_TLS_CA_FILE: tls.certs.ca.certFile,
        ...extra(),
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        TICKFLOW_NAMESPACE: 'tls',
        TICKFLOW_PARTITIONS: '2',
      };
      const handled: bigint[] = [];
      const exits: number[] = [];
      const running = (await runService(
        {
          name: 'tls-test',
          config: z.object({}),
          setup(service) {
            // A rediss:// URL: one Redis, whose socket is TLS.
            expect((service.redis as Redis).stream).toHaveProperty('encrypted', true);
            service
              .createConsumer({ group: 'tls' })
              .on('market_data', (event) => void handled.push(event.ts_event));
          },
        },
        { env, exit: (code) => exits.push(code), handleSignals: false },
      )) as RunningService;
      // The publisher's side: the same CA and client certificate (which a server not asking ignores).
      const files = {
        caFile: tls.certs.ca.certFile,
        certFile: tls.certs.client.certFile,
        keyFile: tls.certs.client.keyFile,
      };
      const redis = await connect({ url: env.REDIS_URL, tls: loadRedisTls(files, true).tls }, 'commands');
      try {
        await createPublisher(redis, { namespace: 'tls', partitions: 2 }).publishAll(
          Array.from({ length: 10 }, (_, n) => quote(n + (name.length % 7) * 100)),
        );
        await waitFor(() => handled.length >= 10, {
          timeoutMs: 15_000,
          description: 'ten events handled over TLS',
        });
      } finally {
        redis.disconnect();
        expect(await running.stop()).toBe(0);
      }
      expect(exits).toEqual([]);
    });
  }
});

/** Starts the echo service with `env`; resolves with its exit code and its JSON log lines. */
async function startUp(
  env: Record<string, string>,
): Promise<{ code: number | null; logs: Record<string, unknown>[] }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'fixtures/echo-service.ts')], {
    env: { PATH: process.env.PATH, HTTP_PORT: '0', LOG_LEVEL: 'info', LOG_PRETTY: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  // A service that does not exit fails the test below, and must not outlive it.
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(guard);
  const logs = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, logs };
}

describe('a certificate problem stops the service at start-up, saying which', () => {
  const cases = [
    {
      failure: 'server-certificate-untrusted',
      env: () => ({ REDIS_URL: tls.anyClient.tlsUrl, REDIS_TLS_CA_FILE: tls.certs.otherCa.certFile }),
      says: /TLS: the server's certificate is not trusted \(SELF_SIGNED_CERT_IN_CHAIN.*REDIS_TLS_CA_FILE/,
    },
    {
      failure: 'server-name-mismatch',
      env: () => ({
        REDIS_URL: tls.anyClient.tlsUrl,
        REDIS_TLS_CA_FILE: tls.certs.ca.certFile,
        REDIS_TLS_SERVERNAME: 'redis.example',
      }),
      says: /TLS: the server's certificate does not name the host connected to \(ERR_TLS_CERT_ALTNAME_INVALID/,
    },
    {
      failure: 'client-certificate-missing',
      env: () => ({ REDIS_URL: tls.verifiedClients.tlsUrl, REDIS_TLS_CA_FILE: tls.certs.ca.certFile }),
      says: /TLS: the server requires a client certificate and none was given.*REDIS_TLS_CERT_FILE/,
    },
    {
      failure: 'client-certificate-rejected',
      env: () => ({
        REDIS_URL: tls.verifiedClients.tlsUrl,
        REDIS_TLS_CA_FILE: tls.certs.ca.certFile,
        REDIS_TLS_CERT_FILE: tls.certs.strangerClient.certFile,
        REDIS_TLS_KEY_FILE: tls.certs.strangerClient.keyFile,
      }),
      says: /TLS: the server rejected the client certificate \(.*unknown ca\)/,
    },
  ];
  for (const { failure, env, says } of cases) {
    it(failure, async () => {
      const { code, logs } = await startUp(env());
      expect(code).toBe(2);
      const fatal = logs.filter((line) => line.level === 60);
      expect(fatal).toHaveLength(1);
      expect(fatal[0]).toMatchObject({ failure, msg: expect.stringMatching(says) });
      // Not retried as if Redis were away.
      expect(logs.some((line) => line.msg === 'Redis unreachable; retrying')).toBe(false);
    });
  }
});

describe('TLS variables', () => {
  const parse = (env: Record<string, string>) => {
    try {
      parseConfig('svc', z.object({}), env);
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('are checked with the rest of the configuration, naming the variable and the path', () => {
    const missing = join(tls.certs.dir, 'missing.pem');
    const message = parse({
      REDIS_URL: 'rediss://127.0.0.1:1',
      REDIS_TLS_CA_FILE: missing,
      REDIS_TLS_CERT_FILE: tls.certs.client.certFile,
      HTTP_PORT: 'x',
    });
    expect(message).toContain('svc: invalid configuration (3 problems)');
    expect(message).toContain('HTTP_PORT: expected an integer');
    expect(message).toContain(`REDIS_TLS_CA_FILE: cannot read ${missing}: no such file`);
    expect(message).toContain(`REDIS_TLS_KEY_FILE: missing: a client certificate and its key go together`);
  });

  it('with a redis:// URL are an error, not ignored', () => {
    expect(parse({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_TLS_CA_FILE: tls.certs.ca.certFile })).toContain(
      'REDIS_TLS_CA_FILE: set, but the Redis URL is redis:// (no TLS): use a rediss:// URL for TLS',
    );
  });

  it('load cleanly when the files are right', () => {
    expect(
      parse({ REDIS_URL: 'rediss://127.0.0.1:1', REDIS_TLS_CA_FILE: tls.certs.ca.certFile, ...clientCert() }),
    ).toBe('');
  });
});
