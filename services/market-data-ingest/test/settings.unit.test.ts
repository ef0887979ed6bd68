// The environment into settings: defaults per source, and every invalid combination
// reported at once, by variable, before anything starts.
import { ConfigError } from '@tickflow/service';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../src/config/load-settings.ts';

const REDIS = { REDIS_URL: 'redis://127.0.0.1:6379' };
const CSV_MAPPING = {
  kind: 'quotes',
  symbol: 'BTCUSDT',
  venue: 'test',
  timestamp: { column: 'ts', format: 'epoch-ms' },
  columns: { bid_price: 'bid', bid_size: 'bid_qty', ask_price: 'ask', ask_size: 'ask_qty' },
};

/** The problems reported for `env`, as `VARIABLE: message` lines. */
function problems(env: Record<string, string>): string[] {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof ConfigError)
      return error.issues.map((issue) => `${issue.variable}: ${issue.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadSettings', () => {
  it('given a Tardis file, then it is read fast, stops when done, with batches of 500 and a 1 h dedupe window', () => {
    const settings = loadSettings({ ...REDIS, INGEST_SOURCE: 'tardis-quotes', INGEST_PATH: 'q.csv' });

    expect(settings).toEqual({
      source: { kind: 'tardis', path: 'q.csv', dataset: 'quotes' },
      sourceName: 'tardis-quotes',
      sourceId: undefined,
      pacing: { mode: 'fast' },
      exitWhenDone: true,
      batchSize: 500,
      dedupeWindowMs: 3_600_000,
      maxLineBytes: 1_048_576,
    });
  });

  it('given a synthetic feed, then it stops when done only with a count', () => {
    const endless = loadSettings({ ...REDIS, INGEST_SOURCE: 'synthetic' });
    const counted = loadSettings({
      ...REDIS,
      INGEST_SOURCE: 'synthetic',
      INGEST_COUNT: '10',
      INGEST_SYMBOLS: 'A, B',
    });

    expect(endless.exitWhenDone).toBe(false);
    expect(endless.source).toMatchObject({
      kind: 'synthetic',
      options: { symbols: ['BTCUSDT', 'ETHUSDT'], seed: 1 },
    });
    expect(counted.exitWhenDone).toBe(true);
    expect(counted.source).toMatchObject({ options: { symbols: ['A', 'B'], count: 10 } });
  });

  it('given realtime pacing with a speed and an explicit source id, then both are kept', () => {
    const settings = loadSettings({
      ...REDIS,
      INGEST_SOURCE: 'csv',
      INGEST_PATH: 'q.csv',
      INGEST_MAPPING: JSON.stringify(CSV_MAPPING),
      INGEST_PACING: 'realtime',
      INGEST_SPEED: '10',
      INGEST_SOURCE_ID: 'quotes-2020-02-22',
      INGEST_EXIT_WHEN_DONE: 'false',
    });

    expect(settings).toMatchObject({
      source: { kind: 'csv', mapping: CSV_MAPPING },
      pacing: { mode: 'realtime', speed: 10 },
      sourceId: 'quotes-2020-02-22',
      exitWhenDone: false,
    });
  });

  it('given a csv source without a mapping or a path, then both are reported', () => {
    expect(problems({ ...REDIS, INGEST_SOURCE: 'csv' })).toEqual([
      'INGEST_PATH: missing: INGEST_SOURCE=csv reads a file',
      'INGEST_MAPPING: missing: INGEST_SOURCE=csv needs a column mapping (JSON; see README)',
    ]);
  });

  it('given a mapping that is not JSON, has a misspelt key, or a bad timestamp pattern, then each says what is wrong', () => {
    const csv = { ...REDIS, INGEST_SOURCE: 'csv', INGEST_PATH: 'q.csv' };

    expect(problems({ ...csv, INGEST_MAPPING: '{kind:' })).toEqual([
      expect.stringMatching(/^INGEST_MAPPING: not valid JSON \(/),
    ]);
    const { columns, ...rest } = CSV_MAPPING;
    expect(problems({ ...csv, INGEST_MAPPING: JSON.stringify({ ...rest, colums: columns }) })).toEqual([
      expect.stringMatching(/^INGEST_MAPPING: at columns: /),
      expect.stringMatching(/^INGEST_MAPPING: .*colums/),
    ]);
    const pattern = { ...CSV_MAPPING, timestamp: { column: 'ts', format: { pattern: 'yyyyMMdd QQ' } } };
    expect(problems({ ...csv, INGEST_MAPPING: JSON.stringify(pattern) })).toEqual([
      expect.stringMatching(/^INGEST_MAPPING: timestamp pattern "yyyyMMdd QQ": unsupported letter "Q"/),
    ]);
  });

  it('given variables another source reads, a speed without realtime pacing and a feed that never ends told to exit when done, then each is reported at once, along with the kit variables', () => {
    const reported = problems({
      INGEST_SOURCE: 'websocket',
      INGEST_URL: 'ws://127.0.0.1:9',
      INGEST_PATH: 'q.csv',
      INGEST_SEED: '3',
      INGEST_SPEED: '2',
      INGEST_EXIT_WHEN_DONE: 'true',
    });

    expect(reported).toEqual([
      'REDIS_URL: missing (e.g. redis://127.0.0.1:6379)',
      'INGEST_PATH: not read by INGEST_SOURCE=websocket (only by tardis-quotes, tardis-trades, binance-trades, binance-aggtrades, binance-bookticker, csv, ndjson)',
      'INGEST_SEED: not read by INGEST_SOURCE=websocket (only by synthetic)',
      'INGEST_SPEED: only read with INGEST_PACING=realtime',
      'INGEST_EXIT_WHEN_DONE: INGEST_SOURCE=websocket never ends without INGEST_COUNT',
    ]);
  });

  it('given realtime pacing of a WebSocket feed, an unknown source, a source id with braces or a bad symbol, then each is refused', () => {
    expect(
      problems({ ...REDIS, INGEST_SOURCE: 'websocket', INGEST_URL: 'ws://x:1', INGEST_PACING: 'realtime' }),
    ).toEqual([expect.stringMatching(/^INGEST_PACING: a WebSocket feed arrives in real time already/)]);
    expect(problems({ ...REDIS, INGEST_SOURCE: 'kafka' })).toEqual([
      'INGEST_SOURCE: expected one of synthetic, tardis-quotes, tardis-trades, binance-trades, binance-aggtrades, binance-bookticker, csv, ndjson, websocket',
    ]);
    expect(problems({ ...REDIS, INGEST_SOURCE: 'synthetic', INGEST_SOURCE_ID: 'a{b}' })).toEqual([
      'INGEST_SOURCE_ID: expected 1-200 printable ASCII characters without spaces or braces',
    ]);
    expect(problems({ ...REDIS, INGEST_SOURCE: 'synthetic', INGEST_SYMBOLS: 'BTCUSDT,BAD SYMBOL' })).toEqual([
      expect.stringMatching(/^INGEST_SYMBOLS: synthetic feed: symbol: expected a symbol of 1-64 characters/),
    ]);
  });
});
