// A consumer killed while it held entries leaves its name in the group, with those entries
// pending. The partition's next owner claims them at takeover — when the dead name has been
// idle for only about one lease TTL, too recent to prune — and must still delete the name
// later, once it is idle twice the TTL with nothing pending (that a name with entries
// pending is never pruned: consumer-names.int.test.ts).
import { partitionKeys } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { createConsumer, createPublisher } from '../src/index.ts';
import { redisForThisFile } from './support/redis-per-file.ts';
import { seqOf, tick } from './support/ticks.ts';

const file = redisForThisFile();
const LEASE_TTL_MS = 1_000;

describe('stale consumer names', () => {
  it('given a killed owner with entries pending, when the next owner has claimed them, then the dead name is pruned once idle twice the lease TTL', async () => {
    const keys = partitionKeys('prune', 'market_data', 0);
    const { redis } = file;
    const publisher = createPublisher(redis, { namespace: 'prune', partitions: 1 });
    await publisher.publishAll([tick('AAA', 1), tick('AAA', 2), tick('AAA', 3)]);
    const consumers = async () =>
      new Map(
        ((await redis.call('XINFO', 'CONSUMERS', keys.stream, 'g')) as unknown[][]).map((info) => [
          String(info[info.indexOf('name') + 1]),
          {
            pending: Number(info[info.indexOf('pending') + 1]),
            idle: Number(info[info.indexOf('idle') + 1]),
          },
        ]),
      );
    // The dead owner: it held the lease and read two entries, then was killed.
    await redis.xgroup('CREATE', keys.stream, 'g', '0');
    await redis.xreadgroup('GROUP', 'g', 'dead', 'COUNT', 2, 'STREAMS', keys.stream, '>');
    expect((await consumers()).get('dead')).toMatchObject({ pending: 2 });
    await redis.set(keys.lease('g'), 'dead|1', 'PX', LEASE_TTL_MS);

    const handled: number[] = [];
    const owner = createConsumer({
      connection: { url: file.server.url },
      namespace: 'prune',
      partitions: 1,
      group: 'g',
      consumerName: 'owner',
      leaseTtlMs: LEASE_TTL_MS,
    }).on('market_data', (event) => void handled.push(seqOf(event)));
    await owner.start();
    try {
      await waitFor(() => handled.length === 3, {
        timeoutMs: 15_000,
        description: 'the three ticks handled',
      });
      expect(handled).toEqual([1, 2, 3]);
      await waitFor(async () => !(await consumers()).has('dead'), {
        timeoutMs: 15_000,
        intervalMs: 20,
        description: 'the dead name pruned',
      });
      expect([...(await consumers()).keys()]).toEqual(['owner']);
    } finally {
      await owner.stop();
    }
  });
});
