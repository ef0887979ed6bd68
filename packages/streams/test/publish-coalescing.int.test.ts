// Publishes made in one tick share script calls, go out in call order, and fail alone: one
// stream's failing call does not fail another stream's events sent in the same round trip.
import { decodeEvent, type MarketDataEvent, partitionOf } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { createPublisher } from '../src/index.ts';
import { redisForThisFile } from './support/redis-per-file.ts';
import { seqOf, tick } from './support/ticks.ts';

const file = redisForThisFile();

/** Script calls Redis has run so far (EVALSHA, and EVAL for a script not yet cached). */
async function scriptCalls(): Promise<number> {
  const stats = await file.redis.info('commandstats');
  const calls = (name: string) => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
  return calls('evalsha') + calls('eval');
}

describe('publisher', () => {
  it('given ten publishes to one stream in one tick, then Redis runs one script call for them', async () => {
    const publisher = createPublisher(file.redis, { namespace: 'pc1', partitions: 1 });
    await publisher.publish(tick('AAA', 0)); // caches the script
    const before = await scriptCalls();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) => publisher.publish(tick('AAA', n + 1))),
    );
    expect(await scriptCalls()).toBe(before + 1);
    expect(results.every((result) => !result.duplicate)).toBe(true);
    expect(await file.redis.xlen(results[0]?.stream as string)).toBe(11);
  });

  it('given publish and publishAll calls not awaited in turn, then the stream holds their events in call order', async () => {
    const publisher = createPublisher(file.redis, { namespace: 'pc2', partitions: 1 });
    const calls = [
      publisher.publish(tick('AAA', 0)),
      publisher.publishAll([tick('AAA', 1), tick('AAA', 2)]),
      publisher.publish(tick('AAA', 3)),
      publisher.publishAll([tick('AAA', 4)]),
      publisher.publish(tick('AAA', 5)),
    ];
    await Promise.all(calls);
    const stored = await file.redis.xrange(publisher.streamOf(tick('AAA', 0)), '-', '+');
    expect(stored.map(([, fields]) => seqOf(decodeEvent(fields) as MarketDataEvent))).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
  });

  it('given two streams published in one tick and one of them unwritable, then only that stream’s publishes fail', async () => {
    const publisher = createPublisher(file.redis, { namespace: 'pc3', partitions: 8 });
    const [good, bad] = [tick('AAA', 1), tick('BBB', 1)];
    expect(partitionOf(good.key, 8)).not.toBe(partitionOf(bad.key, 8));
    await file.redis.set(publisher.streamOf(bad), 'not a stream');

    const [fine, failed] = await Promise.allSettled([publisher.publish(good), publisher.publish(bad)]);
    expect(fine).toMatchObject({ status: 'fulfilled', value: { duplicate: false } });
    expect(failed).toMatchObject({
      status: 'rejected',
      reason: { message: expect.stringMatching(/WRONGTYPE/) },
    });
    expect(await file.redis.xlen(publisher.streamOf(good))).toBe(1);
  });
});
