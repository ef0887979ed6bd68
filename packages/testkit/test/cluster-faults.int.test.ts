// The cluster fault helpers on a real 3+3 cluster (AOF fsynced on every write, 2 s node
// timeout): a coordinated failover swaps a master and its replica with every write kept; a
// killed master's replica is elected; each helper returns only once every live node agrees,
// which the test checks on its own by asking each node.
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askNode, liveServerIndexes } from '../src/cluster-nodes.ts';
import {
  clusterMasters,
  durableClusterOptions,
  failoverMaster,
  killMaster,
  type RedisCluster,
  RedisClusterError,
  readClusterView,
  startRedisCluster,
  TestkitOptionError,
  waitForReplicas,
} from '../src/index.ts';

let cluster: RedisCluster;
let client: Cluster;

beforeAll(async () => {
  cluster = await startRedisCluster(durableClusterOptions());
  client = new Cluster(cluster.nodes.map(({ host, port }) => ({ host, port })));
  // Right after forming, a replica may still be loading its first copy.
  await waitForReplicas(cluster);
}, 120_000);
afterAll(async () => {
  client?.disconnect();
  await cluster?.stop();
});

/** Keys that all hash to `tag`'s slot. */
const keysOf = (tag: string) => Array.from({ length: 50 }, (_, n) => `{${tag}}:${n}`);

/** Every live node's view of which node serves `slot`, and of whom `port` replicates. */
async function viewsOf(slot: number, port: number) {
  return Promise.all(
    liveServerIndexes(cluster).map(async (index) => {
      const view = await readClusterView(cluster.nodes[index] as (typeof cluster.nodes)[number]);
      const owner = view.lines.find(
        (line) =>
          line.flags.includes('master') && line.slots.some(([from, to]) => slot >= from && slot <= to),
      );
      const node = view.lines.find((line) => line.port === port);
      const masterOfNode = view.lines.find((line) => line.id === node?.masterId);
      return { state: view.info.get('cluster_state'), owner: owner?.port, replicates: masterOfNode?.port };
    }),
  );
}

describe('cluster faults', () => {
  it('runs every node with an AOF fsynced on every write', async () => {
    for (const node of cluster.nodes) {
      const persistence = await askNode(node, ['INFO', 'persistence']);
      expect(persistence).toMatch(/aof_enabled:1/);
    }
  });

  it('fails a master over to its replica: every node agrees, the former master replicates it, every write kept', async () => {
    const keys = keysOf('fo');
    for (const key of keys) await client.set(key, `value of ${key}`);
    const slot = await client.cluster('KEYSLOT', keys[0] as string);
    const before = await clusterMasters(cluster);
    const master = before.find((m) => m.slots.some(([from, to]) => slot >= from && slot <= to));

    const done = await failoverMaster(cluster, { key: keys[0] as string });

    expect(done.former.port).toBe(master?.node.port);
    expect(master?.replicas.map((replica) => replica.serverIndex)).toContain(done.promotedIndex);
    expect(done.slots).toEqual(master?.slots);
    for (const view of await viewsOf(slot, done.former.port))
      expect(view).toEqual({ state: 'ok', owner: done.promoted.port, replicates: done.promoted.port });
    // Straight from the new master, no client redirection: nothing acknowledged was lost.
    for (const key of keys) expect(await askNode(done.promoted, ['GET', key])).toBe(`value of ${key}`);
    // And a cluster client goes on writing there.
    await client.set(keys[0] as string, 'after');
    expect(await askNode(done.promoted, ['GET', keys[0] as string])).toBe('after');
  }, 120_000);

  it('kills a master: its replica is elected, every live node agrees, replicated writes are there', async () => {
    const keys = keysOf('kill');
    const slot = await client.cluster('KEYSLOT', keys[0] as string);
    const masters = await clusterMasters(cluster);
    const index = masters.findIndex((m) => m.slots.some(([from, to]) => slot >= from && slot <= to));
    // Written on the master's own connection, then WAIT there: one replica has every key.
    const onMaster = client.nodes('master').find((node) => node.options.port === masters[index]?.node.port);
    for (const key of keys) await onMaster?.set(key, `value of ${key}`);
    expect(await onMaster?.call('WAIT', '1', '10000')).toBe(1);

    const done = await killMaster(cluster, index);

    expect(cluster.servers[done.formerIndex]?.pid).toBeUndefined();
    expect(liveServerIndexes(cluster)).not.toContain(done.formerIndex);
    for (const view of await viewsOf(slot, done.promoted.port))
      expect(view).toMatchObject({ state: 'ok', owner: done.promoted.port });
    for (const key of keys) expect(await askNode(done.promoted, ['GET', key])).toBe(`value of ${key}`);
    // Its replica was the one that took over: none is left to fail over to.
    await expect(killMaster(cluster, { slot })).rejects.toThrow(RedisClusterError);
  }, 120_000);

  it('rejects a master that does not exist', async () => {
    await expect(failoverMaster(cluster, 7)).rejects.toThrow(TestkitOptionError);
  });
});
