// readEventBatches: the same events in the same order as readEvents, in batches no larger
// than a page, and an entry that does not decode fails the read only after every event
// before it was handed over.
import { encodeEvent, InvalidEventError, partitionKeys } from '@tickflow/events';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublisher, readEventBatches, readEvents, type StoredEvent } from '../src/index.ts';
import { redisForThisFile } from './support/redis-per-file.ts';
import { symbolName, tick } from './support/ticks.ts';

const PARTITIONS = 3;
const file = redisForThisFile();
const range = (namespace: string, pageSize?: number) =>
  ({ namespace, type: 'market_data', partitions: PARTITIONS, ...(pageSize ? { pageSize } : {}) }) as const;
const where = (item: StoredEvent) => `${item.stream} ${item.entryId}`;

beforeAll(async () => {
  const publisher = createPublisher(file.redis, { namespace: 'rb', partitions: PARTITIONS });
  for (let seq = 0; seq < 120; seq++) {
    await publisher.publishAll(Array.from({ length: 5 }, (_, s) => tick(symbolName(s), seq)));
  }
});

describe('readEventBatches', () => {
  it('given 600 stored events and pages of 7, then the batches hold them all in readEvents order, none empty or past a page', async () => {
    const one: StoredEvent[] = [];
    for await (const item of readEvents(file.redis, range('rb', 7))) one.push(item);
    const batches: StoredEvent[][] = [];
    for await (const batch of readEventBatches(file.redis, range('rb', 7))) batches.push(batch);

    expect(one).toHaveLength(600);
    expect(batches.flat().map(where)).toEqual(one.map(where));
    expect(batches.every((batch) => batch.length > 0 && batch.length <= 7)).toBe(true);
    expect(batches.flat().map((item) => item.event.id)).toEqual(one.map((item) => item.event.id));
  });

  it('given an entry that does not decode, then every event before it is handed over, then the read fails naming it', async () => {
    const publisher = createPublisher(file.redis, { namespace: 'rbad', partitions: 1 });
    const good = Array.from({ length: 25 }, (_, seq) => tick('AAA', seq));
    await publisher.publishAll(good.slice(0, 20));
    const stream = partitionKeys('rbad', 'market_data', 0).stream;
    const broken = encodeEvent(tick('AAA', 99)).map((value, i, all) =>
      i === all.length - 1 ? '{"kind":' : value,
    );
    const badId = await file.redis.xadd(stream, '*', ...broken);
    await publisher.publishAll(good.slice(20));
    const bad = { namespace: 'rbad', type: 'market_data', partitions: 1, pageSize: 8 } as const;

    const batched: StoredEvent[] = [];
    const readBatches = async () => {
      for await (const batch of readEventBatches(file.redis, bad)) batched.push(...batch);
    };
    const failure = readBatches();
    await expect(failure).rejects.toBeInstanceOf(InvalidEventError);
    await expect(failure).rejects.toThrow(`invalid event in ${stream} entry ${badId}`);
    await expect(failure).rejects.toThrow(/data: /);
    expect(batched.map((item) => item.event.id)).toEqual(good.slice(0, 20).map((event) => event.id));

    const single: StoredEvent[] = [];
    const readSingly = async () => {
      for await (const item of readEvents(file.redis, bad)) single.push(item);
    };
    await expect(readSingly()).rejects.toThrow(InvalidEventError);
    expect(single).toHaveLength(20);
  });
});
