import { decodeEvent, partitionKeys } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { createPublisher, noopMetrics } from '../src/index.ts';
import { redisForThisFile } from './support/redis-per-file.ts';
import { seqOf, symbolName, tick } from './support/ticks.ts';

const file = redisForThisFile();

describe('publishAll', () => {
  it('appends each partition’s events in order, across chunks, and drops duplicates within and across batches', async () => {
    let published = 0;
    const publisher = createPublisher(file.redis, {
      namespace: 'pb',
      partitions: 3,
      metrics: {
        ...noopMetrics,
        published: (_, count) => {
          published += count;
        },
      },
    });
    const events = Array.from({ length: 450 }, (_, n) => tick(symbolName(n % 5), Math.floor(n / 5)));
    const withRepeat = [...events, events[7] as (typeof events)[number]];
    const results = await publisher.publishAll(withRepeat);

    expect(results).toHaveLength(451);
    expect(results.filter((r) => r.duplicate)).toHaveLength(1);
    expect(results[450]).toEqual({ ...results[7], duplicate: true });
    expect(published).toBe(450);

    for (let s = 0; s < 5; s++) {
      const stream = publisher.streamOf(tick(symbolName(s), 0));
      const stored = (await file.redis.xrange(stream, '-', '+'))
        .map(([, fields]) => decodeEvent(fields))
        .filter((event) => event.key === symbolName(s));
      expect(stored.map((event) => (event.type === 'market_data' ? seqOf(event) : -1))).toEqual(
        Array.from({ length: 90 }, (_, n) => n),
      );
    }

    const again = await publisher.publishAll(events.slice(0, 10));
    expect(again.every((r) => r.duplicate)).toBe(true);
    expect(again.map((r) => r.entryId)).toEqual(results.slice(0, 10).map((r) => r.entryId));
  });

  it('trims each stream to about its retention', async () => {
    const publisher = createPublisher(file.redis, {
      namespace: 'pt',
      partitions: 1,
      retention: { market_data: { maxLength: 100 } },
      dedupeWindowMs: 0,
    });
    await publisher.publishAll(Array.from({ length: 2_000 }, (_, n) => tick('AAA', n)));
    const length = await file.redis.xlen(partitionKeys('pt', 'market_data', 0).stream);
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThan(2_000);
  });
});
