// startRedisCluster's `tls` and `announceHostname` options: every node also serves TLS on a
// port of its own; TLS clients are sent the TLS ports (and the announced name), plain clients
// the plain ports; replicas replicate from their masters' TLS ports.
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateTlsCertificates,
  type RedisCluster,
  startRedisCluster,
  type TlsCertificates,
  waitFor,
} from '../src/index.ts';

let certs: TlsCertificates;
let cluster: RedisCluster;
beforeAll(async () => {
  certs = await generateTlsCertificates();
  cluster = await startRedisCluster({
    masters: 3,
    replicasPerMaster: 1,
    tls: { certificates: certs },
    announceHostname: 'localhost',
  });
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
  await certs?.remove();
});

type SlotsReply = [number, number, ...[string, number, string, ...unknown[]][]][];

async function clusterSlots(options: { port: number; tls: boolean }): Promise<SlotsReply> {
  const client = new Redis({
    host: '127.0.0.1',
    port: options.port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    ...(options.tls ? { tls: { ca: readFileSync(certs.ca.certFile) } } : {}),
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.cluster('SLOTS')) as SlotsReply;
  } finally {
    client.disconnect();
  }
}

describe('a TLS cluster', () => {
  it('sends TLS clients the TLS ports and plain clients the plain ones, under the announced name', async () => {
    const first = cluster.nodes[0];
    const tlsPorts = cluster.nodes.map((node) => node.tlsPort);
    expect(tlsPorts.every((port) => typeof port === 'number')).toBe(true);
    expect(new Set([...tlsPorts, ...cluster.nodes.map((node) => node.port)]).size).toBe(12);

    const overTls = await clusterSlots({ port: first?.tlsPort as number, tls: true });
    const overPlain = await clusterSlots({ port: first?.port as number, tls: false });
    // The masters (first of each range): replicas are listed only once in sync.
    const masters = (reply: SlotsReply) => reply.map(([, , [host, port] = ['', 0]]) => `${host}:${port}`);
    const tlsEndpoints = new Set(cluster.nodes.map((node) => `localhost:${node.tlsPort}`));
    const plainEndpoints = new Set(cluster.nodes.map((node) => `localhost:${node.port}`));
    expect(new Set(masters(overTls)).size).toBe(3);
    for (const endpoint of masters(overTls)) expect(tlsEndpoints).toContain(endpoint);
    expect(new Set(masters(overPlain)).size).toBe(3);
    for (const endpoint of masters(overPlain)) expect(plainEndpoints).toContain(endpoint);
  });

  it('replicates over TLS', async () => {
    const tlsPorts = new Set(cluster.nodes.map((node) => String(node.tlsPort)));
    const replication = await waitFor(
      async () => {
        const infos = await Promise.all(
          cluster.servers.map(async (server) => {
            const client = new Redis(server.url, { maxRetriesPerRequest: 0 });
            try {
              return await client.info('replication');
            } finally {
              client.disconnect();
            }
          }),
        );
        const replicas = infos.filter((info) => info.includes('role:slave'));
        return replicas.length === 3 && replicas.every((info) => info.includes('master_link_status:up'))
          ? replicas
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, description: 'three replicas linked to their masters' },
    );
    for (const info of replication) expect(tlsPorts).toContain(/master_port:(\d+)/.exec(info)?.[1]);
  }, 90_000);
});
