// The CLI over TLS against a real redis-server --tls-port with a throw-away CA: configured by
// the services' REDIS_TLS_* variables or by flags (before or after the command); a
// certificate problem exits 1 saying which; a bad TLS file is a usage error (exit 2) naming
// the flag, the variable it came from, and the path.
import { join } from 'node:path';
import { connect, loadRedisTls } from '@tickflow/streams';
import {
  generateTlsCertificates,
  startTlsRedis,
  type TlsCertificates,
  type TlsRedis,
} from '@tickflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsed, tickflow } from './support/cli-run.ts';
import { seedHistory } from './support/history.ts';

let certs: TlsCertificates;
let server: TlsRedis;
let seeded: number;
const scope = { namespace: 'tls', partitions: 2 };
beforeAll(async () => {
  certs = await generateTlsCertificates();
  server = await startTlsRedis({ certificates: certs, authClients: 'yes' });
  const files = { caFile: certs.ca.certFile, certFile: certs.client.certFile, keyFile: certs.client.keyFile };
  const redis = await connect({ url: server.tlsUrl, tls: loadRedisTls(files, true).tls }, 'commands');
  seeded = (await seedHistory(redis, scope, 3, { chains: false })).events.length;
  redis.disconnect();
});
afterAll(async () => {
  await server?.stop();
  await certs?.remove();
});

const base = () => ({
  REDIS_URL: server.tlsUrl,
  TICKFLOW_NAMESPACE: 'tls',
  TICKFLOW_PARTITIONS: '2',
  USER: 'tester',
});
const countOf = (stdout: string) => (JSON.parse(stdout) as { events: unknown[] }).events.length;

describe('tickflow over rediss://', () => {
  it('reads with the REDIS_TLS_* variables (CA and client certificate)', async () => {
    const result = await tickflow(['events', '--limit', '1000', '--json'], {
      env: {
        ...base(),
        REDIS_TLS_CA_FILE: certs.ca.certFile,
        REDIS_TLS_CERT_FILE: certs.client.certFile,
        REDIS_TLS_KEY_FILE: certs.client.keyFile,
      },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(countOf(result.stdout)).toBe(seeded);
  });

  it('reads with flags, before the command or after it, over the variables', async () => {
    const before = await tickflow(
      [
        '--redis-tls-ca',
        certs.ca.certFile,
        '--redis-tls-cert',
        certs.client.certFile,
        '--redis-tls-key',
        certs.client.keyFile,
        'events',
        '--limit',
        '1000',
        '--json',
      ],
      { env: { ...base(), REDIS_TLS_CA_FILE: certs.otherCa.certFile } },
    );
    expect(before.code, before.stderr).toBe(0);
    expect(countOf(before.stdout)).toBe(seeded);
    const after = await tickflow(
      ['groups', '--json', '--redis-tls-ca', certs.ca.certFile, '--redis-tls-servername', 'localhost'],
      {
        env: {
          ...base(),
          REDIS_TLS_CERT_FILE: certs.client.certFile,
          REDIS_TLS_KEY_FILE: certs.client.keyFile,
        },
      },
    );
    expect(after.code, after.stderr).toBe(0);
    expect(parsed(after)).toHaveProperty('partitions');
  });

  it('says which certificate problem stopped it (exit 1)', async () => {
    const untrusted = await tickflow(['groups'], {
      env: { ...base(), REDIS_TLS_CA_FILE: certs.otherCa.certFile },
    });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(
      /^tickflow: cannot connect to rediss:\/\/127\.0\.0\.1:\d+: TLS: the server's certificate is not trusted .*--redis-tls-ca/,
    );
    const noClientCert = await tickflow(['groups'], {
      env: { ...base(), REDIS_TLS_CA_FILE: certs.ca.certFile },
    });
    expect(noClientCert.code).toBe(1);
    expect(noClientCert.stderr).toMatch(/TLS: the server requires a client certificate and none was given/);
    expect(noClientCert.stderr).toContain('--redis-tls-cert, --redis-tls-key');
  });

  it('refuses bad TLS files as a usage error naming the flag, the variable and the path', async () => {
    const missing = join(certs.dir, 'missing.pem');
    const fromEnv = await tickflow(['groups'], { env: { ...base(), REDIS_TLS_CA_FILE: missing } });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toBe(
      `tickflow: --redis-tls-ca: cannot read ${missing}: no such file (from $REDIS_TLS_CA_FILE)\n`,
    );
    const halfPair = await tickflow(['--redis-tls-cert', certs.client.certFile, 'groups'], { env: base() });
    expect(halfPair.code).toBe(2);
    expect(halfPair.stderr).toMatch(
      /^tickflow: --redis-tls-key: missing: a client certificate and its key go together/,
    );
    const plain = await tickflow(['--redis-tls-ca', certs.ca.certFile, 'groups'], {
      env: { ...base(), REDIS_URL: server.url },
    });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(
      /^tickflow: --redis-tls-ca: set, but the Redis URL is redis:\/\/ \(no TLS\)/,
    );
  });
});
