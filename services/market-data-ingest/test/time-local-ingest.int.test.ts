// A CSV written in New York wall-clock time, ingested by the service into a real Redis: each
// row's ts_event is the UTC instant it means, across both DST changes; a time the clocks
// skipped goes to the DLQ with why; a misspelt zone stops the service before any row.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killAll, startIngest } from './support/ingest-process.ts';
import { deadLetters, readMarketData } from './support/redis-inspect.ts';

const PARTITIONS = 2;
const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;

// pandas' to_csv of a naive (zone-less) datetime column, plus one row with an offset.
const FILE = `time,bid,bid_qty,ask,ask_qty
2021-01-15 09:30:00.000000001,130.1,100,130.2,200
2021-07-15 09:30:00.5,140.1,100,140.2,200
2021-11-07 01:30:00,150.1,100,150.2,200
2021-03-14 02:30:00,160.1,100,160.2,200
2021-07-15 09:30:00+00:00,170.1,100,170.2,200
`;

const MAPPING = {
  kind: 'quotes',
  symbol: 'AAPL',
  venue: 'XNAS',
  timestamp: { column: 'time', format: 'iso', timezone: 'America/New_York' },
  columns: { bid_price: 'bid', bid_size: 'bid_qty', ask_price: 'ask', ask_size: 'ask_qty' },
};

let server: EphemeralRedis;
let redis: Redis;
let dir: string;

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = new Redis(server.url);
  dir = await mkdtemp(join(tmpdir(), 'time-local-ingest-'));
});
afterEach(killAll);
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function ingest(namespace: string, path: string, mapping: unknown) {
  return startIngest({
    REDIS_URL: server.url,
    TICKFLOW_NAMESPACE: namespace,
    TICKFLOW_PARTITIONS: String(PARTITIONS),
    INGEST_SOURCE: 'csv',
    INGEST_PATH: path,
    INGEST_MAPPING: JSON.stringify(mapping),
  });
}

describe('market-data-ingest with a timestamp timezone', () => {
  it('given a CSV in New York time, then each quote is stored at its UTC instant, the repeated hour at its earlier instant, and the skipped hour is dead-lettered', async () => {
    const path = join(dir, 'aapl-quotes-new-york.csv');
    await writeFile(path, FILE);
    expect(await ingest('local', path, MAPPING).exitCode()).toBe(0);

    const stored = await readMarketData(redis, 'local', PARTITIONS);
    expect(
      stored.map((entry) => [
        entry.event.data.kind === 'quote' && entry.event.data.bid_price,
        entry.event.ts_event,
      ]),
    ).toEqual([
      ['130.1', ns('2021-01-15T14:30:00Z') + 1n], // EST, to the ns
      ['140.1', ns('2021-07-15T13:30:00.500Z')], // EDT
      ['150.1', ns('2021-11-07T05:30:00Z')], // 01:30 happens twice: the first (EDT)
      ['170.1', ns('2021-07-15T09:30:00Z')], // an explicit offset wins over the zone
    ]);

    const dead = await deadLetters(redis, 'local');
    expect(dead.map((entry) => [entry.line, entry.field, entry.reason])).toEqual([
      [
        '5',
        'ts_event',
        '"2021-03-14 02:30:00" is not a time that can be ingested: that local time does not exist in ' +
          'America/New_York: the clocks jumped from UTC-05:00 to UTC-04:00 across it (a daylight-saving gap) (column "time")',
      ],
    ]);
  });

  it('given the same file without a timezone, then every row without an offset is dead-lettered as ambiguous', async () => {
    const path = join(dir, 'aapl-quotes-no-zone.csv');
    await writeFile(path, FILE);
    const { timezone: _, ...timestamp } = MAPPING.timestamp;
    expect(await ingest('nozone', path, { ...MAPPING, timestamp }).exitCode()).toBe(0);

    const stored = await readMarketData(redis, 'nozone', PARTITIONS);
    expect(stored.map((entry) => entry.event.ts_event)).toEqual([ns('2021-07-15T09:30:00Z')]);
    const dead = await deadLetters(redis, 'nozone');
    expect(dead.map((entry) => entry.line)).toEqual(['2', '3', '4', '5']);
    expect(dead[0]?.reason).toContain('it has no UTC offset, so the instant it means is ambiguous');
  });

  it('given a misspelt timezone, then the service refuses its configuration, naming the option, and exits 2 before any row', async () => {
    const path = join(dir, 'unused.csv');
    await writeFile(path, FILE);
    const run = ingest('badzone', path, {
      ...MAPPING,
      timestamp: { ...MAPPING.timestamp, timezone: 'America/NewYork' },
    });
    expect(await run.exitCode()).toBe(2);
    expect(run.output()).toContain(
      'INGEST_MAPPING: at timestamp.timezone: timezone "America/NewYork" is not',
    );
    expect(run.output()).toContain('timezone "America/NewYork" is not an IANA time zone name');
    expect(await readMarketData(redis, 'badzone', PARTITIONS)).toEqual([]);
  });
});
