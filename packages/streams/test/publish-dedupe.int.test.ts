// The publish dedupe window, against a real Redis: exact at its end, unbroken across the
// time buckets its markers are kept in, shared by publish and publishAll, and kept for
// what was appended when a call fails part-way.
import { encodeEvent, partitionKeys } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { createPublisher, entryIdMs } from '../src/index.ts';
import { withScripts } from '../src/scripts.ts';
import { redisForThisFile } from './support/redis-per-file.ts';
import { tick } from './support/ticks.ts';

// Long enough that a slow machine never takes a whole window between two calls of one test.
const WINDOW_MS = 3_000;

const file = redisForThisFile();

/** A publisher of a one-partition namespace with the given dedupe window. */
const onePartition = (namespace: string, dedupeWindowMs: number) =>
  createPublisher(file.redis, { namespace, partitions: 1, dedupeWindowMs });

/** Redis' own clock, ms: the clock the script keeps the window by. */
async function serverMs(): Promise<number> {
  const [seconds, micros] = await file.redis.time();
  return Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
}

describe('publish dedupe window', () => {
  it('given an event appended, when it is published again within the window, then it is a duplicate; once the window has passed, it is appended again', async () => {
    const publisher = onePartition('dw1', WINDOW_MS);
    const event = tick('AAA', 1);
    const first = await publisher.publish(event);
    expect(first.duplicate).toBe(false);
    expect(await publisher.publish(event)).toEqual({ ...first, duplicate: true });

    await waitFor(async () => (await serverMs()) > entryIdMs(first.entryId) + WINDOW_MS, {
      timeoutMs: 10_000,
      description: 'the dedupe window to pass on the server clock',
    });
    const later = await publisher.publish(event);
    expect(later.duplicate).toBe(false);
    expect(later.entryId).not.toBe(first.entryId);
    expect(await file.redis.xlen(first.stream)).toBe(2);
  });

  it('given an event appended late in one time bucket, when it is re-published early in the next, then it is still a duplicate', async () => {
    const publisher = onePartition('dw2', WINDOW_MS);
    const event = tick('AAA', 2);
    // Late in a bucket: its marker lands in that bucket's hash, the retry reads the next one.
    await waitFor(async () => (await serverMs()) % WINDOW_MS >= WINDOW_MS * 0.8, {
      timeoutMs: 10_000,
      intervalMs: 5,
      description: 'the last fifth of a time bucket',
    });
    const first = await publisher.publish(event);
    const bucket = Math.floor(entryIdMs(first.entryId) / WINDOW_MS);
    await waitFor(async () => Math.floor((await serverMs()) / WINDOW_MS) > bucket, {
      timeoutMs: 10_000,
      intervalMs: 5,
      description: 'the next time bucket',
    });
    const retried = await publisher.publishAll([event]);
    expect(retried).toEqual([{ ...first, duplicate: true }]);
    expect(await file.redis.xlen(first.stream)).toBe(1);
  });

  it('given events published one by one, when a batch holds them again, then only the new ones are appended; and the markers expire', async () => {
    const publisher = onePartition('dw3', 60_000);
    const events = Array.from({ length: 5 }, (_, n) => tick('BBB', n));
    const singles = [];
    for (const event of events.slice(0, 3)) singles.push(await publisher.publish(event));
    const batch = await publisher.publishAll(events);
    expect(batch.map((result) => result.duplicate)).toEqual([true, true, true, false, false]);
    expect(batch.slice(0, 3)).toEqual(singles.map((result) => ({ ...result, duplicate: true })));

    const markers = await file.redis.keys(`${partitionKeys('dw3', 'market_data', 0).publishedMarkers}:*`);
    expect(markers.length).toBeGreaterThanOrEqual(1);
    for (const key of markers) {
      const ttl = await file.redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(3 * 60_000);
    }
  });

  it('given markers of one time bucket, when the stream is published to two buckets later, then that bucket is dropped at once, before its expiry', async () => {
    // Two seconds of slack between reaching the bucket and publishing in it.
    const window = 2_000;
    const publisher = onePartition('dw5', window);
    const prefix = partitionKeys('dw5', 'market_data', 0).publishedMarkers;
    const first = await publisher.publish(tick('DDD', 1));
    const bucket = Math.floor(entryIdMs(first.entryId) / window);
    const oldKey = `${prefix}:${window}:${bucket}`;
    expect(await file.redis.hexists(oldKey, tick('DDD', 1).id)).toBe(1);
    // Its expiry is a bucket later than the drop: what a quiet stream leaves behind.
    expect(await file.redis.pexpiretime(oldKey)).toBe((bucket + 3) * window);

    await waitFor(async () => Math.floor((await serverMs()) / window) >= bucket + 2, {
      timeoutMs: 10_000,
      intervalMs: 20,
      description: 'two time buckets later',
    });
    const later = await publisher.publish(tick('DDD', 2));
    expect(Math.floor(entryIdMs(later.entryId) / window)).toBeLessThan(bucket + 3);
    expect(await file.redis.exists(oldKey)).toBe(0);
  });

  it('given a call that fails part-way, when it is retried, then the events it appended before failing are duplicates, not appended twice', async () => {
    const keys = partitionKeys('dw4', 'market_data', 0);
    const scripted = withScripts(file.redis);
    const [good, next] = [tick('CCC', 1), tick('CCC', 2)];
    const publisher = onePartition('dw4', 60_000);
    const goodFields = encodeEvent(good);
    const names = goodFields.filter((_, i) => i % 2 === 0);
    const values = (fields: string[]) => fields.filter((_, i) => i % 2 === 1);
    // The second event lacks its last value: its XADD fails after the first was appended.
    const broken = values(encodeEvent(next)).slice(0, -1);
    await expect(
      scripted.tfPublish(
        keys.stream,
        keys.publishedMarkers,
        60_000,
        '',
        '0',
        2,
        good.id,
        next.id,
        names.length,
        ...names,
        ...values(goodFields),
        0,
        ...broken,
      ),
    ).rejects.toThrow(/wrong number of arguments/i);
    expect(await file.redis.xlen(keys.stream)).toBe(1);

    const retried = await publisher.publishAll([good, next]);
    expect(retried.map((result) => result.duplicate)).toEqual([true, false]);
    expect(await file.redis.xlen(keys.stream)).toBe(2);
  });
});
