// replay-service on a Redis Cluster (REDIS_URL=redis+cluster://…, 3 masters): querying and
// finding events, a replay run into a target namespace, listing and requeuing dead letters,
// a rewind and its undo — each giving exactly what it gives on one Redis (the same flows,
// support/operator-flows.ts, run against both in this file), with the namespace's partitions
// served by every master, so that pipelines and reads that span partitions cross nodes.
import { connectCluster, keySlot } from '@tickflow/streams';
import { redisClusterForThisFile } from '@tickflow/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { redisForThisFile } from './support/file-redis.ts';
import { mdStream } from './support/history.ts';
import { FLOW_SOURCE, operatorFlows } from './support/operator-flows.ts';

const single = redisForThisFile();
const cluster = redisClusterForThisFile((url) => connectCluster({ url }, 'commands'));

describe('replay-service on a Redis Cluster', () => {
  it('answers the operator flows exactly as on one Redis, over partitions on every master', async () => {
    const shards = await cluster.redis.cluster('SLOTS');
    const masterOf = (key: string) =>
      shards.findIndex(([from, to]) => keySlot(key) >= from && keySlot(key) <= to);
    const masters = new Set(
      Array.from({ length: FLOW_SOURCE.partitions }, (_, p) => masterOf(mdStream(FLOW_SOURCE.namespace, p))),
    );
    expect(masters.size).toBe(3);

    const onOne = await operatorFlows(single.server.url, single.redis);
    const onCluster = await operatorFlows(cluster.url, cluster.redis);
    // What the flows did at all (the comparison alone would pass if both did nothing).
    expect(onOne).toMatchObject({
      query: { undecodable: [mdStream(FLOW_SOURCE.namespace, 0)], exhausted: true },
      dlq: { requeued: { matched: 1, requeued: 1, alreadyRequeued: 0, entries: 1 } },
      replay: { run: { state: 'completed' } },
      rewind: { undone: [], restored: true },
    });
    expect((onOne.query as { ids: string[] }).ids).toHaveLength(120);
    expect(onCluster).toEqual(onOne);
  }, 180_000);
});
