import { existsSync } from 'node:fs';
import { Cluster, Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type RedisCluster, startRedisCluster, TestkitOptionError } from '../src/index.ts';
import { probeTcp } from './support/probes.ts';

async function clusterInfoOf(url: string): Promise<string> {
  const client = new Redis(url, { maxRetriesPerRequest: 0 });
  try {
    return String(await client.call('CLUSTER', 'INFO'));
  } finally {
    client.disconnect();
  }
}

describe('startRedisCluster', () => {
  const clusters: RedisCluster[] = [];
  afterAll(async () => {
    await Promise.all(clusters.map((cluster) => cluster.stop()));
  });

  it('forms a 3-master cluster that a cluster client can write to and read from; stop() cleans up', async () => {
    const cluster = await startRedisCluster({ masters: 3 });
    clusters.push(cluster);
    expect(cluster.nodes).toHaveLength(3);
    expect(new Set(cluster.nodes.map((node) => node.port)).size).toBe(3);
    expect(cluster.urls).toEqual(cluster.nodes.map((node) => `redis://127.0.0.1:${node.port}`));
    for (const url of cluster.urls) {
      const info = await clusterInfoOf(url);
      expect(info).toMatch(/cluster_state:ok/);
      expect(info).toMatch(/cluster_size:3/);
    }

    const client = new Cluster(cluster.nodes.map(({ host, port }) => ({ host, port })));
    try {
      // Keys hashing to different slots, so more than one master is written to.
      const keys = Array.from({ length: 20 }, (_, index) => `instrument:${index}`);
      for (const key of keys) {
        await client.set(key, `price-of-${key}`);
      }
      for (const key of keys) {
        expect(await client.get(key)).toBe(`price-of-${key}`);
      }
      const mastersWithKeys = await Promise.all(client.nodes('master').map((node) => node.dbsize()));
      expect(mastersWithKeys.filter((size) => size > 0).length).toBeGreaterThan(1);
    } finally {
      client.disconnect();
    }

    const dirs = cluster.servers.map((server) => server.dataDir);
    expect(dirs.every((dir) => existsSync(`${dir}/nodes.conf`))).toBe(true);
    await cluster.stop();
    for (const node of cluster.nodes) {
      expect(await probeTcp(node.host, node.port)).toBe('refused');
    }
    expect(dirs.some((dir) => existsSync(dir))).toBe(false);
    await cluster.stop();
  });

  it('forms a cluster with replicas', async () => {
    const cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
    clusters.push(cluster);
    expect(cluster.nodes).toHaveLength(6);
    const infos = await Promise.all(cluster.urls.map(clusterInfoOf));
    for (const info of infos) {
      expect(info).toMatch(/cluster_state:ok/);
      expect(info).toMatch(/cluster_known_nodes:6/);
      expect(info).toMatch(/cluster_size:3/);
    }
    await cluster.stop();
  });

  it('rejects fewer than 3 masters', async () => {
    await expect(startRedisCluster({ masters: 2 })).rejects.toThrow(TestkitOptionError);
  });
});
