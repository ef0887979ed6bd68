// generateTlsCertificates and startTlsRedis: the certificates chain as described (server and
// client to `ca`, stranger to `otherCa`), the server answers over TLS on its own port with
// them, across a restart, and stop() frees everything.
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTlsCertificates, startTlsRedis, type TlsCertificates } from '../src/index.ts';
import { probeTcp } from './support/probes.ts';

let certs: TlsCertificates;
beforeAll(async () => {
  certs = await generateTlsCertificates();
});
afterAll(async () => {
  await certs?.remove();
});

const certificate = (path: string) => new X509Certificate(readFileSync(path));

async function pingOverTls(url: string, withClientCert: boolean): Promise<string> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    tls: {
      ca: readFileSync(certs.ca.certFile),
      ...(withClientCert
        ? { cert: readFileSync(certs.client.certFile), key: readFileSync(certs.client.keyFile) }
        : {}),
    },
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await redis.ping();
  } finally {
    redis.disconnect();
  }
}

describe('generateTlsCertificates', () => {
  it('makes a CA, server and client certificates it signed, and a stranger signed by another CA', () => {
    const ca = certificate(certs.ca.certFile);
    const otherCa = certificate(certs.otherCa.certFile);
    expect(ca.ca).toBe(true);
    const server = certificate(certs.server.certFile);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(certificate(certs.client.certFile).verify(ca.publicKey)).toBe(true);
    expect(certificate(certs.strangerClient.certFile).verify(ca.publicKey)).toBe(false);
    expect(certificate(certs.strangerClient.certFile).verify(otherCa.publicKey)).toBe(true);
  });

  it('takes other subject alternative names, and remove() deletes the files', async () => {
    const other = await generateTlsCertificates({ serverAltNames: ['DNS:redis.internal'] });
    expect(certificate(other.server.certFile).subjectAltName).toBe('DNS:redis.internal');
    await other.remove();
    expect(existsSync(other.dir)).toBe(false);
  });
});

describe('startTlsRedis', () => {
  it('serves TLS with the certificates on tlsPort, requires client certificates when asked, survives a restart', async () => {
    const server = await startTlsRedis({ certificates: certs, authClients: 'yes' });
    try {
      expect(server.tlsUrl).toBe(`rediss://127.0.0.1:${server.tlsPort}`);
      expect(server.tlsPort).not.toBe(server.port);
      expect(await pingOverTls(server.tlsUrl, true)).toBe('PONG');
      await expect(pingOverTls(server.tlsUrl, false)).rejects.toThrow();
      await server.restart();
      expect(await pingOverTls(server.tlsUrl, true)).toBe('PONG');
    } finally {
      await server.stop();
    }
    expect(await probeTcp('127.0.0.1', server.tlsPort)).toBe('refused');
  });
});
