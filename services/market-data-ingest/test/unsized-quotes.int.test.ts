// Quotes without sizes (FX tick files are often just `timestamp,bid,ask`): a quotes mapping may
// leave both sizes out, and the events then have no size keys at all (MarketData v3). One
// size without the other is a config error naming the missing one; one column for both sizes
// stays refused.
import { partitionKeys } from '@tickflow/events';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../src/config/load-settings.ts';
import { genericCsv, ndjson, recordEventId, SourceConfigError } from '../src/index.ts';
import { fileSourceId } from '../src/pipeline/source-id.ts';
import { collect, fixture } from './support/collect.ts';
import { killAll, startIngest } from './support/ingest-process.ts';
import { deadLetters, readMarketData } from './support/redis-inspect.ts';

const PARTITIONS = 2;
const CSV_MAPPING = {
  kind: 'quotes',
  symbol: 'EURUSD',
  venue: 'dukascopy',
  timestamp: { column: 'timestamp', format: 'iso' },
  columns: { bid_price: 'bid', ask_price: 'ask' },
} as const;
const unsized = (bid_price: string, ask_price: string) => ({
  kind: 'quote',
  symbol: 'EURUSD',
  venue: 'dukascopy',
  bid_price,
  ask_price,
});

let server: EphemeralRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = new Redis(server.url);
});
afterEach(killAll);
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

describe('ingest of quotes without sizes', () => {
  it('given a timestamp,bid,ask CSV and a mapping without sizes, then the service publishes unsized quotes, exactly', async () => {
    const path = fixture('fx-quotes-unsized.csv');
    const run = startIngest({
      REDIS_URL: server.url,
      TICKFLOW_NAMESPACE: 'fx',
      TICKFLOW_PARTITIONS: String(PARTITIONS),
      INGEST_SOURCE: 'csv',
      INGEST_PATH: path,
      INGEST_MAPPING: JSON.stringify(CSV_MAPPING),
    });
    expect(await run.exitCode()).toBe(0);

    const sourceId = await fileSourceId(path);
    const stored = await readMarketData(redis, 'fx', PARTITIONS);
    expect(stored.map(({ event }) => [event.id, event.ts_event, event.data])).toStrictEqual([
      [recordEventId(sourceId, 2), 1_357_077_600_295_000_000n, unsized('1.32014', '1.32029')],
      [recordEventId(sourceId, 3), 1_357_077_600_843_000_000n, unsized('1.32015', '1.3203')],
      [recordEventId(sourceId, 4), 1_357_077_601_022_000_001n, unsized('1.32011', '1.32027')],
    ]);
    // On the wire too: no size keys, not empty ones, at the current version.
    const { stream } = partitionKeys('fx', 'market_data', stored[0]?.partition ?? 0);
    const [entry] = await redis.xrange(stream, '-', '+', 'COUNT', 1);
    const fields = entry?.[1] ?? [];
    expect(fields[fields.indexOf('v') + 1]).toBe('3');
    expect(fields.at(-1)).not.toContain('size');
    expect(await deadLetters(redis, 'fx')).toStrictEqual([]);
  });

  it('given an NDJSON mapping without sizes, then the quotes have no sizes', async () => {
    const records = await collect(
      ndjson(fixture('fx-quotes-unsized.ndjson'), {
        kind: 'quotes',
        venue: 'dukascopy',
        timestamp: { field: 't', format: 'iso' },
        fields: { symbol: 's', bid_price: 'b', ask_price: 'a' },
      }),
    );
    expect(records.map((record) => (record.ok ? record.data : record.reason))).toStrictEqual([
      unsized('1.32014', '1.32029'),
      unsized('1.32015', '1.32030'),
    ]);
  });

  it('given a CSV mapping with bid_size only, then it is a config error naming the missing ask_size', () => {
    const mapping = { ...CSV_MAPPING, columns: { ...CSV_MAPPING.columns, bid_size: 'bid' } };
    expect(() => genericCsv(fixture('fx-quotes-unsized.csv'), mapping)).toThrow(
      new SourceConfigError(
        'CSV mapping maps bid_size but not ask_size: map a column to each size, or leave both out for quotes without sizes',
      ),
    );
  });

  it('given an NDJSON mapping with ask_size only, then it is a config error naming the missing bid_size', () => {
    expect(() =>
      ndjson(fixture('fx-quotes-unsized.ndjson'), {
        kind: 'quotes',
        venue: 'dukascopy',
        timestamp: { field: 't', format: 'iso' },
        fields: { symbol: 's', bid_price: 'b', ask_price: 'a', ask_size: 'a' },
      }),
    ).toThrow(
      'NDJSON mapping maps ask_size but not bid_size: map a field to each size, or leave both out for quotes without sizes',
    );
  });

  it('given INGEST_MAPPING with one size, then settings report it under INGEST_MAPPING before anything starts', () => {
    const mapping = { ...CSV_MAPPING, columns: { ...CSV_MAPPING.columns, ask_size: 'ask' } };
    expect(() =>
      loadSettings({
        REDIS_URL: 'redis://127.0.0.1:1',
        INGEST_SOURCE: 'csv',
        INGEST_PATH: 'q.csv',
        INGEST_MAPPING: JSON.stringify(mapping),
      }),
    ).toThrow(/INGEST_MAPPING.*maps ask_size but not bid_size/s);
  });

  it('given one column mapped to both sizes, then reading is still refused (one column, two fields)', async () => {
    const mapping = {
      ...CSV_MAPPING,
      timestamp: { column: 'time', format: 'iso' },
      columns: { bid_price: 'bid', bid_size: 'bid_qty', ask_price: 'ask', ask_size: 'bid_qty' },
    } as const;
    await expect(collect(genericCsv(fixture('generic-quotes-iso.csv'), mapping))).rejects.toThrow(
      'CSV mapping reads column "bid_qty" as both bid_size and ask_size',
    );
  });
});
