// Why a killed master can lose what it acknowledged, shown deterministically: replication is
// asynchronous, and a write the master acknowledged while its replica was cut off (here: the
// replica frozen and its link closed) is not on the replica the cluster then elects — even
// with the master's AOF fsynced on every write, since the dead master's disk is not used.
// `WAIT 1 <timeout>` after the write is how a writer learns it: it answers 0 replicas. Also
// printed: what WAIT costs a writer on this cluster (one replica round trip per call).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  askNode,
  clusterMasters,
  durableClusterOptions,
  type RedisCluster,
  startRedisCluster,
  waitForReplacement,
  waitForReplicas,
} from '../src/index.ts';

let cluster: RedisCluster;
let master: Redis;

beforeAll(async () => {
  cluster = await startRedisCluster(durableClusterOptions());
  await waitForReplicas(cluster);
}, 120_000);
afterAll(async () => {
  master?.disconnect();
  await cluster?.stop();
});

/** A hash tag whose slot `owner` serves, found by asking the cluster. */
async function tagServedBy(
  node: RedisCluster['nodes'][number],
  slots: readonly (readonly [number, number])[],
) {
  for (let n = 0; ; n++) {
    const slot = Number(await askNode(node, ['CLUSTER', 'KEYSLOT', `{w${n}}`]));
    if (slots.some(([from, to]) => slot >= from && slot <= to)) return `w${n}`;
  }
}

/** Milliseconds for `count` SETs one after another, each followed by `WAIT 1 1000` when `wait`. */
async function timeWrites(tag: string, count: number, wait: boolean): Promise<number> {
  const started = performance.now();
  for (let n = 0; n < count; n++) {
    await master.set(`{${tag}}:timed:${n}`, 'x');
    if (wait) expect(await master.call('WAIT', '1', '1000')).toBe(1);
  }
  return performance.now() - started;
}

describe('the replication window of a killed master', () => {
  it('loses a write acknowledged while the replica was cut off; WAIT told the writer (0 replicas)', async () => {
    const [target] = await clusterMasters(cluster);
    const replicaIndex = target?.replicas[0]?.serverIndex;
    if (target === undefined || replicaIndex === undefined) throw new Error('no master with a replica');
    const replica = cluster.servers[replicaIndex];
    master = new Redis({ host: target.node.host, port: target.node.port, maxRetriesPerRequest: 0 });
    const tag = await tagServedBy(target.node, target.slots);

    const count = 300;
    const plainMs = await timeWrites(tag, count, false);
    const waitedMs = await timeWrites(tag, count, true);
    console.log(
      `${count} sequential SETs on a master: ${(plainMs / count).toFixed(3)} ms each; ` +
        `with WAIT 1 after each: ${(waitedMs / count).toFixed(3)} ms each (redis-server 7.0: no WAITAOF)`,
    );

    await master.set(`{${tag}}:before`, 'replicated');
    expect(await master.call('WAIT', '1', '1000')).toBe(1);
    // Cut the replica off: frozen, and its link closed by the master. Then write and kill.
    replica?.pause();
    await master.call('CLIENT', 'KILL', 'TYPE', 'replica');
    const cutOff = Array.from({ length: 20 }, (_, n) => `{${tag}}:cut-off:${n}`);
    for (const key of cutOff) expect(await master.set(key, 'acknowledged')).toBe('OK');
    expect(await master.call('WAIT', '1', '200')).toBe(0);
    // The writer's part is done; its connection would only report the kill.
    master.disconnect();
    await cluster.servers[target.serverIndex]?.kill('SIGKILL');
    replica?.resume();

    const done = await waitForReplacement(cluster, target);
    expect(done.promotedIndex).toBe(replicaIndex);
    expect(await askNode(done.promoted, ['GET', `{${tag}}:before`])).toBe('replicated');
    const kept = await Promise.all(cutOff.map((key) => askNode(done.promoted, ['EXISTS', key])));
    expect(kept.filter((exists) => exists === '1')).toEqual([]);
  }, 120_000);
});
