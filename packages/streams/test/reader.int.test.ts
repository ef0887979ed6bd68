import { encodeEvent, partitionKeys } from '@tickflow/events';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createPublisher, HistoryTrimmedError, readEvents, type StoredEvent } from '../src/index.ts';
import { isAfter } from '../src/stream-ids.ts';
import { seqOf, symbolName, tick } from './support/ticks.ts';

const NAMESPACE = 'rd';
const PARTITIONS = 4;
let server: EphemeralRedis;
let redis: Redis;

async function collect(iterable: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = await connect({ url: server.url }, 'commands');
  const publisher = createPublisher(redis, { namespace: NAMESPACE, partitions: PARTITIONS });
  // Interleave symbols so every partition gets entries across the whole time span.
  for (let seq = 0; seq < 300; seq++) {
    await publisher.publishAll(Array.from({ length: 6 }, (_, s) => tick(symbolName(s), seq)));
  }
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

describe('readEvents', () => {
  it('reads every partition, merged in append order, paging through', async () => {
    const all = await collect(
      readEvents(redis, { namespace: NAMESPACE, type: 'market_data', partitions: PARTITIONS, pageSize: 7 }),
    );
    expect(all).toHaveLength(1800);
    // Append order: by entry id, ties (equal ids in different streams) by partition.
    for (let i = 1; i < all.length; i++) {
      const [previous, current] = [all[i - 1] as StoredEvent, all[i] as StoredEvent];
      const inOrder =
        isAfter(current.entryId, previous.entryId) ||
        (current.entryId === previous.entryId && current.partition > previous.partition);
      expect(
        inOrder,
        `${previous.stream} ${previous.entryId} then ${current.stream} ${current.entryId}`,
      ).toBe(true);
    }
    const perSymbol = Map.groupBy(all, (item) => item.event.key);
    for (const items of perSymbol.values()) {
      expect(items.map((item) => (item.event.type === 'market_data' ? seqOf(item.event) : -1))).toEqual(
        Array.from({ length: 300 }, (_, n) => n),
      );
    }
  });

  it('reads an id range and a subset of partitions', async () => {
    const all = await collect(
      readEvents(redis, { namespace: NAMESPACE, type: 'market_data', partitions: PARTITIONS }),
    );
    const from = (all[100] as StoredEvent).entryId;
    const to = (all[199] as StoredEvent).entryId;
    const slice = await collect(
      readEvents(redis, {
        namespace: NAMESPACE,
        type: 'market_data',
        partitions: PARTITIONS,
        fromId: from,
        toId: to,
        pageSize: 10,
      }),
    );
    const inRange = (id: string) => !isAfter(from, id) && !isAfter(id, to);
    expect(slice.map((item) => `${item.stream} ${item.entryId}`)).toEqual(
      all.filter((item) => inRange(item.entryId)).map((item) => `${item.stream} ${item.entryId}`),
    );
    expect(slice.length).toBeGreaterThanOrEqual(100);

    const only = await collect(
      readEvents(redis, { namespace: NAMESPACE, type: 'market_data', partitions: PARTITIONS, only: [1] }),
    );
    expect(only.length).toBeGreaterThan(0);
    expect(
      only.every(
        (item) => item.partition === 1 && item.stream === partitionKeys('rd', 'market_data', 1).stream,
      ),
    ).toBe(true);
    expect(only).toHaveLength(all.filter((item) => item.partition === 1).length);
  });

  it('fails with a clear error when the range starts in trimmed history', async () => {
    const range = { namespace: NAMESPACE, type: 'market_data', partitions: PARTITIONS } as const;
    const [head] = await collect(readEvents(redis, range));
    const { partition, stream, entryId: first } = head as StoredEvent;
    await redis.xtrim(stream, 'MAXLEN', 10);

    const read = collect(readEvents(redis, { ...range, only: [partition], fromId: first }));
    await expect(read).rejects.toBeInstanceOf(HistoryTrimmedError);
    await expect(read).rejects.toThrow(`${stream}: history from ${first} was trimmed by retention`);

    const kept = await collect(readEvents(redis, { ...range, only: [partition] }));
    expect(kept).toHaveLength(10);
  });

  it('given ids whose parts do not fit a number exactly (past 2^53), then they are still merged in id order', async () => {
    const namespace = 'rdbig';
    // As numbers, each pair is equal: 2^53 + 1 rounds to 2^53.
    const placed: [partition: number, id: string][] = [
      [0, '9007199254740993-0'],
      [1, '9007199254740992-0'],
      [0, '9007199254740994-9007199254740993'],
      [1, '9007199254740994-9007199254740992'],
    ];
    for (const [n, [partition, id]] of placed.entries()) {
      const stream = partitionKeys(namespace, 'market_data', partition).stream;
      await redis.xadd(stream, id, ...encodeEvent(tick(symbolName(n), n)));
    }
    const read = await collect(readEvents(redis, { namespace, type: 'market_data', partitions: 2 }));
    expect(read.map((stored) => stored.entryId)).toEqual([
      '9007199254740992-0',
      '9007199254740993-0',
      '9007199254740994-9007199254740992',
      '9007199254740994-9007199254740993',
    ]);
  });
});
