// The CLI against a Redis Cluster (--redis-url / REDIS_URL = redis+cluster://…, 3 masters):
// its main commands — events and a causal chain, a replay and the digests, dead letters
// listed and requeued, groups, a rewind and its undo, the audit log — answer exactly as on one
// Redis (the same commands, support/cli-flows.ts, run against both in this file), with the
// namespace's partitions on every master.
import { partitionKeys } from '@tickflow/events';
import { connectCluster, keySlot } from '@tickflow/streams';
import { redisClusterForThisFile } from '@tickflow/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { CLI_FLOW_SCOPE, cliFlows } from './support/cli-flows.ts';
import { redisForThisFile } from './support/redis-file.ts';

const single = redisForThisFile();
const cluster = redisClusterForThisFile((url) => connectCluster({ url }, 'commands'));

describe('tickflow on a Redis Cluster', () => {
  it('answers its main commands exactly as on one Redis, over partitions on every master', async () => {
    const shards = await cluster.redis.cluster('SLOTS');
    const masterOf = (key: string) =>
      shards.findIndex(([from, to]) => keySlot(key) >= from && keySlot(key) <= to);
    const { namespace, partitions } = CLI_FLOW_SCOPE;
    const streams = Array.from(
      { length: partitions },
      (_, p) => partitionKeys(namespace, 'market_data', p).stream,
    );
    expect(new Set(streams.map(masterOf)).size).toBe(3);

    const onOne = await cliFlows(single.server.url, single.redis);
    const onCluster = await cliFlows(cluster.url, cluster.redis);
    // What the commands did at all (the comparison alone would pass if both did nothing).
    expect(onOne).toMatchObject({
      dlq: { requeued: { applied: { matched: 2, requeued: 2, alreadyRequeued: 0 } } },
      rewind: { undone: { undone: { undone: { by: 'cli:tester', missing: [] } } } },
    });
    expect((onOne.events as string[]).length).toBeGreaterThan(40);
    expect(onCluster).toEqual(onOne);
  }, 180_000);
});
