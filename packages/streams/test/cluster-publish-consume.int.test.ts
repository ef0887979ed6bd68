// The publisher and consumers on a Redis Cluster of 3 masters and 3 replicas (the testkit's),
// with the guarantees they give on one Redis: every event appended once (a re-publish is a
// duplicate), every effect applied once, in order per symbol, nothing pending, every
// checkpoint at its stream's end — across partitions that live on different masters (cross-slot
// pipelines split per slot, scripts sent to their keys' node).
import { createHash } from 'node:crypto';
import { partitionKeys } from '@tickflow/events';
import { redisClusterForThisFile } from '@tickflow/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { keySlot } from '../src/cluster-slots.ts';
import { connectCluster, createPublisher } from '../src/index.ts';
import { LOADED_SCRIPTS } from '../src/scripts.ts';
import { ledgerProblems, readLedger, waitDrained } from './support/effect-ledger.ts';
import { effectConsumer, newJournal } from './support/in-process-consumer.ts';
import { symbolName, tick } from './support/ticks.ts';

const file = redisClusterForThisFile((url) => connectCluster({ url }, 'commands'), { replicasPerMaster: 1 });

/** The master serving `key`'s slot, as `host:port`. */
async function masterOf(key: string): Promise<string> {
  const slot = keySlot(key);
  const shards = await file.redis.cluster('SLOTS');
  const shard = shards.find(([from, to]) => slot >= from && slot <= to);
  return `${shard?.[2]?.[0]}:${shard?.[2]?.[1]}`;
}

describe('publish and consume on Redis Cluster', () => {
  it('appends each event once and applies each effect once, in order per symbol, over every master', async () => {
    // 8 partitions: their market-data streams sit on all three masters (3/3/2 of the slot
    // ranges redis-cli --cluster create gives 3 masters; decision 0028).
    const target = { namespace: 'cpc', group: 'g', partitions: 8 };
    const publisher = createPublisher(file.redis, {
      namespace: target.namespace,
      partitions: target.partitions,
    });
    const events = Array.from({ length: 24 }, (_, s) =>
      Array.from({ length: 100 }, (_, n) => tick(symbolName(s), n)),
    );
    // Symbols interleaved, as a feed would: one publishAll crosses every partition and slot.
    const interleaved = Array.from({ length: 100 }, (_, n) => events.map((symbol) => symbol[n])).flat();
    const first = await publisher.publishAll(interleaved.slice(0, 1_200) as never);
    const singles = await Promise.all(
      interleaved.slice(1_200).map((event) => publisher.publish(event as never)),
    );
    expect([...first, ...singles].filter((result) => result.duplicate)).toEqual([]);
    const again = await publisher.publishAll(interleaved as never);
    expect(again.every((result) => result.duplicate)).toBe(true);

    const masters = new Set<string>();
    for (let p = 0; p < target.partitions; p++)
      masters.add(await masterOf(partitionKeys(target.namespace, 'market_data', p).stream));
    expect(masters.size).toBe(3);

    const journal = newJournal();
    const consumers = ['c1', 'c2'].map((consumerName) =>
      effectConsumer(target, journal, { url: file.url, consumerName, leaseTtlMs: 2_000 }),
    );
    await Promise.all(consumers.map((consumer) => consumer.start()));
    try {
      await waitDrained(file.redis, target, {
        timeoutMs: 60_000,
        description: 'every effect applied and acked',
      });
    } finally {
      await Promise.all(consumers.map((consumer) => consumer.stop()));
    }
    const ledger = await readLedger(file.redis, target);
    expect(ledger.inputs).toHaveLength(2_400);
    expect(ledgerProblems(ledger)).toEqual([]);
    // Which consumer handled what is the leases' business: the first to start may drain all
    // before the second holds a lease, so only who may appear is checked, not that both did.
    for (const handled of journal.handled) expect(['c1', 'c2']).toContain(handled.consumer);
  }, 120_000);

  it('runs its scripts on a node whose script cache is empty, as a promoted replica is', async () => {
    // Scripts replicate as their effects, so a replica elected master has never loaded them:
    // the first EVALSHA there meets NOSCRIPT and the client must send the body again.
    const target = { namespace: 'cpn', partitions: 8 };
    const publisher = createPublisher(file.redis, target);
    const before = await publisher.publishAll(
      Array.from({ length: 24 }, (_, s) => tick(symbolName(s), 0)) as never,
    );
    expect(before.filter((result) => result.duplicate)).toEqual([]);
    const publishSha = createHash('sha1').update(publishLua()).digest('hex');
    const cached = () =>
      Promise.all(
        file.redis
          .nodes('master')
          .map(async (node) => ((await node.script('EXISTS', publishSha)) as number[])[0]),
      );
    expect(await cached()).toContain(1);
    for (const master of file.redis.nodes('master')) await master.script('FLUSH');
    expect(await cached()).toEqual([0, 0, 0]);

    const after = await publisher.publishAll(
      Array.from({ length: 24 }, (_, s) => tick(symbolName(s), 1)) as never,
    );
    expect(after.filter((result) => result.duplicate)).toEqual([]);
    // And the dedupe markers written before the flush still answer: a re-publish is a duplicate.
    const again = await publisher.publishAll(
      Array.from({ length: 24 }, (_, s) => tick(symbolName(s), 0)) as never,
    );
    expect(again.every((result) => result.duplicate)).toBe(true);
    expect(await cached()).toContain(1);
  }, 60_000);
});

function publishLua(): string {
  const script = LOADED_SCRIPTS.find(({ name }) => name === 'tfPublish');
  if (script === undefined) throw new Error('no tfPublish script');
  return script.lua;
}
