// The runtime over TLS (rediss://) against a real redis-server --tls-port, with a throw-away
// CA: publish and consume with the CA only and with client certificates (tls-auth-clients
// yes), and each certificate problem reported as itself — not as "connection closed".
import type { TlsRedis } from '@tickflow/testkit';
import { tlsRedisForThisFile } from '@tickflow/testkit/vitest';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import {
  type ConnectionOptions,
  connect,
  RedisTlsError,
  type RedisTlsFiles,
  RedisUnavailableError,
} from '../src/index.ts';
import { publishAndConsume as roundTrip, tlsConnection, tlsFailure } from './support/tls-round-trip.ts';

const tls = tlsRedisForThisFile();

/** Connection options over TLS to `server` with `files` (which must load cleanly). */
const over = (server: TlsRedis, files: RedisTlsFiles) => tlsConnection(server.tlsUrl, files);

/** Two partitions, 20 ticks; the connection reports its cipher: the server is TLS-only for it. */
const publishAndConsume = (connection: ConnectionOptions, namespace: string) =>
  roundTrip(connection, { namespace, partitions: 2, count: 20 }, (commands) =>
    expect((commands as Redis).stream).toHaveProperty('encrypted', true),
  );

describe('over TLS', () => {
  it('publishes and consumes with rediss:// and the CA', async () => {
    await publishAndConsume(over(tls.anyClient, { caFile: tls.certs.ca.certFile }), 'tls-ca');
  });

  it('publishes and consumes with a client certificate where the server requires one', async () => {
    await publishAndConsume(
      over(tls.verifiedClients, {
        caFile: tls.certs.ca.certFile,
        certFile: tls.certs.client.certFile,
        keyFile: tls.certs.client.keyFile,
      }),
      'tls-mutual',
    );
  });

  it('checks the server certificate against REDIS_TLS_SERVERNAME when given', async () => {
    const redis = await connect(
      over(tls.anyClient, { caFile: tls.certs.ca.certFile, servername: 'localhost' }),
      'commands',
    );
    expect(await redis.ping()).toBe('PONG');
    redis.disconnect();
  });
});

describe('certificate problems say which', () => {
  it('a server certificate signed by a CA not trusted', async () => {
    const error = await tlsFailure(over(tls.anyClient, { caFile: tls.certs.otherCa.certFile }));
    expect(error.failure).toBe('server-certificate-untrusted');
    expect(error.message).toMatch(
      /^cannot connect to rediss:\/\/127\.0\.0\.1:\d+: TLS: the server's certificate is not trusted \(SELF_SIGNED_CERT_IN_CHAIN: .*\); give the CA that signed it in REDIS_TLS_CA_FILE/,
    );
  });

  it('the system CAs only (no CA given) do not trust a private CA', async () => {
    const error = await tlsFailure({ url: tls.anyClient.tlsUrl, connectTimeoutMs: 3_000 });
    expect(error.failure).toBe('server-certificate-untrusted');
  });

  it('a certificate that does not name the host', async () => {
    const error = await tlsFailure(
      over(tls.anyClient, { caFile: tls.certs.ca.certFile, servername: 'redis.example' }),
    );
    expect(error.failure).toBe('server-name-mismatch');
    expect(error.message).toMatch(
      /TLS: the server's certificate does not name the host connected to \(ERR_TLS_CERT_ALTNAME_INVALID: .*redis\.example.*\); .*REDIS_TLS_SERVERNAME/,
    );
  });

  // The server's alert races the client's first command (TLS 1.3): several tries show it is
  // told apart every time, not only when the alert happens to arrive first.
  it('no client certificate where the server requires one', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const error = await tlsFailure(over(tls.verifiedClients, { caFile: tls.certs.ca.certFile }));
      expect(error.failure).toBe('client-certificate-missing');
      expect(error.message).toMatch(
        /TLS: the server requires a client certificate and none was given .*; give one in REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE/,
      );
    }
  });

  it('a client certificate signed by a CA the server does not trust', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const error = await tlsFailure(
        over(tls.verifiedClients, {
          caFile: tls.certs.ca.certFile,
          certFile: tls.certs.strangerClient.certFile,
          keyFile: tls.certs.strangerClient.keyFile,
        }),
      );
      expect(error.failure).toBe('client-certificate-rejected');
      expect(error.message).toMatch(/TLS: the server rejected the client certificate \(.*unknown ca\)/);
    }
  });

  it('a failure after the handshake is no TLS failure: a wrong password stays WRONGPASS', async () => {
    const error = await connect(
      {
        ...over(tls.anyClient, { caFile: tls.certs.ca.certFile }),
        username: 'nobody',
        password: 'wrong-password',
      },
      'commands',
    ).catch((rejected: unknown) => rejected);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect(error).not.toBeInstanceOf(RedisTlsError);
    expect((error as Error).message).toMatch(/WRONGPASS/);
  });
});
