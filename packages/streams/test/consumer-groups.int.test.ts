// A consumer's group exists on every partition it consumes once start() returns, whether it
// owns the partition yet or not: a drain check or an autoscaler reading the group's lag must
// see every partition, and nothing appended after start() may be outside the group.
import { partitionKeys } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { createConsumer, createPublisher, streamBacklogs } from '../src/index.ts';
import { redisForThisFile } from './support/redis-per-file.ts';
import { tick } from './support/ticks.ts';

const PARTITIONS = 4;
const file = redisForThisFile();

describe('consumer start', () => {
  it('given every lease held by another member, when a consumer starts, then its group exists on every partition it consumes, with what was appended before', async () => {
    const streams = Array.from({ length: PARTITIONS }, (_, p) => partitionKeys('cg', 'market_data', p));
    // Another member holds every partition: this consumer can own none of them.
    for (const keys of streams) await file.redis.set(keys.lease('g'), 'elsewhere|1', 'PX', 60_000);
    await createPublisher(file.redis, { namespace: 'cg', partitions: PARTITIONS }).publish(tick('AAA', 1));
    const consumer = createConsumer({
      connection: { url: file.server.url },
      namespace: 'cg',
      partitions: PARTITIONS,
      group: 'g',
    }).on('market_data', () => undefined);
    await consumer.start();
    try {
      expect(consumer.ownedStreams()).toEqual([]);
      const backlogs = await Promise.all(streams.map((keys) => streamBacklogs(file.redis, keys.stream)));
      const lags = backlogs.map((byGroup) => byGroup.get('g')?.lag);
      // The published tick's partition shows it as lag; the others exist, empty.
      expect(lags.filter((lag) => lag === 0)).toHaveLength(PARTITIONS - 1);
      expect(lags.filter((lag) => lag === 1)).toHaveLength(1);
      // Only the consumed type: no group on the other event types' streams.
      expect(await file.redis.exists(partitionKeys('cg', 'signal', 0).stream)).toBe(0);
    } finally {
      await consumer.stop();
    }
  });
});
