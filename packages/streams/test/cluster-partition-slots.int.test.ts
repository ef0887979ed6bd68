// On a real Redis Cluster (the testkit's, 3 masters): our slot of every key is the one the
// cluster computes (CLUSTER KEYSLOT), and the partitions' hash tags give each master a fair
// share (decision 0028): 8 partitions 3/3/2, 16 partitions 6/5/5, of every event type.
import { EVENT_TYPES, keySlot, partitionKeys } from '@tickflow/events';
import { type RedisCluster, startRedisCluster } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/index.ts';

let cluster: RedisCluster;
let node: Redis;

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3 });
  // Any node answers CLUSTER KEYSLOT and CLUSTER SLOTS for the whole cluster.
  node = await connect({ url: cluster.urls[0] as string }, 'commands');
}, 120_000);
afterAll(async () => {
  node?.disconnect();
  await cluster?.stop();
});

/** CLUSTER KEYSLOT of each key, in one round trip. */
async function clusterSlots(keys: readonly string[]): Promise<number[]> {
  const pipeline = node.pipeline();
  for (const key of keys) pipeline.cluster('KEYSLOT', key);
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, slot]) => {
    if (error) throw error;
    return slot as number;
  });
}

describe('partition slots on a Redis Cluster', () => {
  it('computes the slot of every key as CLUSTER KEYSLOT does', async () => {
    const keys = [
      'foo',
      'bar',
      '{user1000}.following',
      'foo{}{bar}',
      'foo{{bar}}zap',
      'é{ü}ß',
      '名前:{キー}',
      '😀',
      ...['live', 'e2e', 'replay-01j9z3k4m5', 'x'].flatMap((namespace) =>
        EVENT_TYPES.flatMap((type) =>
          [...Array.from({ length: 16 }, (_, p) => p), 1_000, 65_535].flatMap((p) => {
            const partition = partitionKeys(namespace, type, p);
            return [partition.stream, partition.checkpoint('g'), partition.lease('g'), partition.deadLetter];
          }),
        ),
      ),
    ];
    const theirs = await clusterSlots(keys);
    const mismatches = keys.flatMap((key, at) =>
      keySlot(key) === theirs[at] ? [] : [`${key}: ours ${keySlot(key)}, cluster ${theirs[at]}`],
    );
    expect(mismatches).toEqual([]);
  });

  for (const [count, expected] of [
    [8, [3, 3, 2]],
    [16, [6, 5, 5]],
  ] as const) {
    it(`given ${count} partitions, then the masters hold ${expected.join('/')} of every type (CLUSTER SLOTS)`, async () => {
      const ranges = await node.cluster('SLOTS');
      // One range per master here (redis-cli --cluster create), in slot order.
      const masters = ranges
        .sort(([a], [b]) => a - b)
        .map(([from, to, master]) => ({ from, to, master: `${master?.[0]}:${master?.[1]}` }));
      expect(masters).toHaveLength(3);
      for (const type of EVENT_TYPES) {
        const held = masters.map(() => 0);
        const slots = await clusterSlots(
          Array.from({ length: count }, (_, p) => partitionKeys('live', type, p).stream),
        );
        for (const slot of slots) {
          const at = masters.findIndex(({ from, to }) => slot >= from && slot <= to);
          held[at] = (held[at] as number) + 1;
        }
        expect(held, type).toEqual([...expected]);
      }
    });
  }
});
