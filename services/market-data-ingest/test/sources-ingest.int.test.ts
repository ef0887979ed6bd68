// The service end to end on each kind of file source and the synthetic feed: good records
// become events, bad ones land in the ingest DLQ with where and why, and ingestion goes on.
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordEventId } from '../src/index.ts';
import { fileSourceId } from '../src/pipeline/source-id.ts';
import { fixture } from './support/collect.ts';
import { killAll, startIngest } from './support/ingest-process.ts';
import { checkpointOf, deadLetters, readMarketData } from './support/redis-inspect.ts';

const PARTITIONS = 4;

/** The Tardis layout as a generic CSV mapping, with timestamps in µs. */
const TARDIS_QUOTES_MAPPING = {
  kind: 'quotes',
  timestamp: { column: 'timestamp', format: 'epoch-us' },
  receivedTimestamp: { column: 'local_timestamp', format: 'epoch-us' },
  columns: {
    symbol: 'symbol',
    venue: 'exchange',
    bid_price: 'bid_price',
    bid_size: 'bid_amount',
    ask_price: 'ask_price',
    ask_size: 'ask_amount',
  },
};

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

function ingest(namespace: string, env: Readonly<Record<string, string>>) {
  return startIngest({
    REDIS_URL: server.url,
    TICKFLOW_NAMESPACE: namespace,
    TICKFLOW_PARTITIONS: String(PARTITIONS),
    ...env,
  });
}

describe('market-data-ingest sources', () => {
  it('given a CSV with bad rows and a column mapping, then the good rows are published and each bad row is in the ingest DLQ with its source, line, field, reason and raw text', async () => {
    const path = fixture('tardis-quotes-bad-rows.csv');
    const run = ingest('csv', {
      INGEST_SOURCE: 'csv',
      INGEST_PATH: path,
      INGEST_MAPPING: JSON.stringify(TARDIS_QUOTES_MAPPING),
    });
    expect(await run.exitCode()).toBe(0);

    const sourceId = await fileSourceId(path);
    const stored = await readMarketData(redis, 'csv', PARTITIONS);
    expect(stored.map((entry) => entry.event.id)).toEqual([
      recordEventId(sourceId, 2),
      recordEventId(sourceId, 8),
    ]);
    expect(stored[1]?.event).toMatchObject({
      ts_event: 1_582_329_603_848_000_000n,
      data: { bid_size: '0.045' },
    });

    const dead = await deadLetters(redis, 'csv');
    expect(dead.map((entry) => [entry.line, entry.field])).toEqual([
      ['3', 'bid_price'],
      ['4', 'bid_size'],
      ['5', 'ts_event'],
      ['7', 'ask_size'],
    ]);
    expect(dead[0]).toEqual({
      source: sourceId,
      line: '3',
      field: 'bid_price',
      reason: 'expected an exact decimal string like "123.45", got "abc" (column "bid_price")',
      raw: 'binance-futures,BTCUSDT,1582329603401000,1582329603522418,0.84,9682,abc,0.003',
    });
    expect(dead[3]?.reason).toBe('expected a decimal of zero or more, got "-0.84" (column "ask_amount")');
    expect(await checkpointOf(redis, 'csv', sourceId)).toBe(8);
  });

  it('given NDJSON in the payload shape with malformed lines, then the good lines are published with exact numbers and the bad ones are dead-lettered', async () => {
    const path = fixture('quotes-payload.ndjson');
    expect(await ingest('ndjson', { INGEST_SOURCE: 'ndjson', INGEST_PATH: path }).exitCode()).toBe(0);

    const sourceId = await fileSourceId(path);
    const stored = await readMarketData(redis, 'ndjson', PARTITIONS);
    expect(stored.map((entry) => entry.event.id).sort()).toEqual(
      [1, 2, 4, 8].map((line) => recordEventId(sourceId, line)).sort(),
    );
    const trade = stored.find((entry) => entry.event.id === recordEventId(sourceId, 4))?.event;
    expect(trade).toMatchObject({
      ts_event: 1_582_329_602_111_000_001n,
      data: { kind: 'trade', price: '9682.10', size: '0.132' },
    });
    const dead = await deadLetters(redis, 'ndjson');
    expect(dead.map((entry) => [entry.line, entry.field])).toEqual([
      ['3', '(line)'],
      ['6', '(line)'],
      ['7', 'mid'],
    ]);
    expect(dead[1]).toMatchObject({
      source: sourceId,
      reason: 'expected a JSON object, got an array',
      raw: '[1,2,3]',
    });
    expect(await checkpointOf(redis, 'ndjson', sourceId)).toBe(8);
  });

  it('given the synthetic feed with a count, then exactly that many quotes are published, symbols in turn, each symbol in event-time order, and the service exits 0', async () => {
    const run = ingest('synthetic', {
      INGEST_SOURCE: 'synthetic',
      INGEST_SYMBOLS: 'AAA,BBB,CCC',
      INGEST_SEED: '7',
      INGEST_RATE: '100',
      INGEST_COUNT: '300',
    });
    expect(await run.exitCode()).toBe(0);

    const stored = await readMarketData(redis, 'synthetic', PARTITIONS);
    expect(stored).toHaveLength(300);
    for (const symbol of ['AAA', 'BBB', 'CCC']) {
      const times = stored.filter((entry) => entry.event.key === symbol).map((entry) => entry.event.ts_event);
      expect(times).toHaveLength(100);
      // 100 quotes/s over three symbols: each symbol's quotes are 30 ms apart, in stream order.
      expect(times.slice(1).map((time, i) => time - (times[i] ?? 0n))).toEqual(Array(99).fill(30_000_000n));
    }
    expect(await deadLetters(redis, 'synthetic')).toEqual([]);
  });

  it('given a file that does not exist, then the service logs why and exits 1', async () => {
    const run = ingest('missing', { INGEST_SOURCE: 'tardis-quotes', INGEST_PATH: '/nonexistent/quotes.csv' });
    expect(await run.exitCode()).toBe(1);
    expect(run.output()).toContain('cannot read /nonexistent/quotes.csv');
  });

  it('given a csv source without a mapping and no REDIS_URL, then one config error names both and the service exits 2 before connecting', async () => {
    const run = startIngest({ INGEST_SOURCE: 'csv', INGEST_PATH: fixture('tardis-quotes-bad-rows.csv') });
    expect(await run.exitCode()).toBe(2);
    expect(run.output()).toContain('market-data-ingest: invalid configuration (2 problems)');
    expect(run.output()).toContain('REDIS_URL: missing');
    expect(run.output()).toContain('INGEST_MAPPING: missing: INGEST_SOURCE=csv needs a column mapping');
  });
});
