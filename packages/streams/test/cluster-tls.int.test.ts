// The runtime on a Redis Cluster over TLS (`rediss+cluster://`), against a testkit cluster whose
// nodes serve TLS with a throw-away CA: publish and consume with the CA only and with a client
// certificate, and each certificate problem reported as on one Redis (tls.int.test.ts), not as
// "Failed to refresh slots cache". The server certificate names `localhost` only, and the nodes
// announce that name: a certificate naming hosts rather than pod addresses, as a cluster's
// usually does; seeds given by address do not match it.
import {
  generateTlsCertificates,
  type RedisCluster,
  startRedisCluster,
  type TlsCertificates,
} from '@tickflow/testkit';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionOptions, RedisTlsFiles } from '../src/index.ts';
import { publishAndConsume as roundTrip, tlsConnection, tlsFailure } from './support/tls-round-trip.ts';

let certs: TlsCertificates;
let cluster: RedisCluster;
beforeAll(async () => {
  certs = await generateTlsCertificates({ serverAltNames: ['DNS:localhost'] });
  cluster = await startRedisCluster({
    masters: 3,
    // A client may present a certificate, which is then checked: both cases on one cluster.
    tls: { certificates: certs, authClients: 'optional' },
    announceHostname: 'localhost',
  });
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
  await certs?.remove();
});

/** `rediss+cluster://<host>:<tls port>,…` of every node. */
const tlsUrl = (host: string) =>
  `rediss+cluster://${cluster.nodes.map((node) => `${host}:${node.tlsPort}`).join(',')}`;

const over = (files: RedisTlsFiles, host = 'localhost') => tlsConnection(tlsUrl(host), files);

/** Four partitions on three masters, 40 ticks; every master's connection is encrypted, not only the seed's. */
const publishAndConsume = (connection: ConnectionOptions, namespace: string) =>
  roundTrip(connection, { namespace, partitions: 4, count: 40 }, (commands) => {
    const masters = (commands as Cluster).nodes('master');
    expect(masters).toHaveLength(3);
    for (const node of masters) expect(node.stream).toHaveProperty('encrypted', true);
  });

describe('a cluster over TLS', () => {
  it('publishes and consumes with rediss+cluster:// and the CA', async () => {
    await publishAndConsume(over({ caFile: certs.ca.certFile }), 'ctls-ca');
  });

  it('publishes and consumes with a client certificate', async () => {
    await publishAndConsume(
      over({ caFile: certs.ca.certFile, certFile: certs.client.certFile, keyFile: certs.client.keyFile }),
      'ctls-mutual',
    );
  });
});

describe('certificate problems on a cluster say which', () => {
  it('a server certificate signed by a CA not trusted', async () => {
    const error = await tlsFailure(over({ caFile: certs.otherCa.certFile }));
    expect(error.failure).toBe('server-certificate-untrusted');
    expect(error.message).toMatch(
      /^cannot connect to rediss\+cluster:\/\/localhost:\d+,.*: TLS: the server's certificate is not trusted \(SELF_SIGNED_CERT_IN_CHAIN: .*\); give the CA that signed it in REDIS_TLS_CA_FILE/,
    );
  });

  it('seeds given by an address the certificate does not name', async () => {
    const error = await tlsFailure(over({ caFile: certs.ca.certFile }, '127.0.0.1'));
    expect(error.failure).toBe('server-name-mismatch');
    expect(error.message).toMatch(
      /TLS: the server's certificate does not name the host connected to \(ERR_TLS_CERT_ALTNAME_INVALID: .*127\.0\.0\.1.*\); .*REDIS_TLS_SERVERNAME/,
    );
  });

  it('a REDIS_TLS_SERVERNAME the certificate does not carry', async () => {
    const error = await tlsFailure(over({ caFile: certs.ca.certFile, servername: 'redis.example' }));
    expect(error.failure).toBe('server-name-mismatch');
  });

  it('a client certificate signed by a CA the nodes do not trust', async () => {
    const error = await tlsFailure(
      over({
        caFile: certs.ca.certFile,
        certFile: certs.strangerClient.certFile,
        keyFile: certs.strangerClient.keyFile,
      }),
    );
    expect(error.failure).toBe('client-certificate-rejected');
    expect(error.message).toMatch(/TLS: the server rejected the client certificate \(.*unknown ca\)/);
  });
});
