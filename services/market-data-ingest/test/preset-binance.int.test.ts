// The Binance public data presets (trades, aggTrades, bookTicker), each on a sample file with
// a header row and one without, read directly and through the service into a real Redis.
// The samples in data/binance/ are SYNTHETIC (see data/README.md): no real file could be
// shipped; their layouts follow Binance's documentation.
import { fileURLToPath } from 'node:url';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../src/config/load-settings.ts';
import { recordEventId, SourceConfigError } from '../src/index.ts';
import { fileSourceId } from '../src/pipeline/source-id.ts';
import { binanceCsv, binanceSymbolOf } from '../src/presets/binance-csv.ts';
import type { BinanceDataset } from '../src/presets/binance-layouts.ts';
import { collect } from './support/collect.ts';
import { ingestInProcess } from './support/in-process.ts';
import { deadLetters, readMarketData } from './support/redis-inspect.ts';

const sample = (name: string) =>
  fileURLToPath(new URL(`../../../data/binance/${name}.synthetic.csv`, import.meta.url));

interface Case {
  readonly source: string;
  readonly dataset: BinanceDataset;
  readonly file: string;
  readonly header: boolean;
  /** The first and last events' payload and ts_event. */
  readonly first: readonly [Record<string, string>, bigint];
  readonly last: readonly [Record<string, string>, bigint];
}

const BINANCE = { symbol: 'BTCUSDT', venue: 'binance' };

const CASES: readonly Case[] = [
  {
    source: 'binance-trades',
    dataset: 'trades',
    file: 'BTCUSDT-trades-2024-01-01',
    header: false,
    first: [trade('42300.95000000', '0.30933000', 'sell', '3300000000'), 1_704_067_200_021_000_000n],
    last: [trade('42303.97000000', '0.08293000', 'buy', '3300000049'), 1_704_067_200_933_000_000n],
  },
  {
    // A 2025 spot file: µs timestamps, lower-case booleans.
    source: 'binance-trades',
    dataset: 'trades',
    file: 'BTCUSDT-trades-2025-01-01',
    header: true,
    first: [trade('42302.02000000', '0.08234000', 'sell', '3300000000'), 1_735_689_600_026_507_000n],
    last: [trade('42297.46000000', '0.37899000', 'sell', '3300000049'), 1_735_689_600_986_243_000n],
  },
  {
    source: 'binance-aggtrades',
    dataset: 'aggTrades',
    file: 'BTCUSDT-aggTrades-2024-01-01',
    header: false,
    first: [trade('42299.53000000', '0.23761000', 'buy', '2900000000'), 1_704_067_200_054_000_000n],
    last: [trade('42303.91000000', '0.38660000', 'sell', '2900000049'), 1_704_067_201_435_000_000n],
  },
  {
    // A futures-style file: no is_best_match column.
    source: 'binance-aggtrades',
    dataset: 'aggTrades',
    file: 'BTCUSDT-aggTrades-2024-01-02',
    header: true,
    first: [trade('42295.65', '0.281', 'buy', '2900000000'), 1_704_153_600_035_000_000n],
    last: [trade('42302.03', '0.318', 'buy', '2900000049'), 1_704_153_601_405_000_000n],
  },
  {
    source: 'binance-bookticker',
    dataset: 'bookTicker',
    file: 'BTCUSDT-bookTicker-2024-01-01',
    header: true,
    first: [quote('42301.95', '18.184', '42302.05', '15.277'), 1_704_067_200_018_000_000n],
    last: [quote('42296.84', '18.295', '42296.94', '18.269'), 1_704_067_200_546_000_000n],
  },
  {
    source: 'binance-bookticker',
    dataset: 'bookTicker',
    file: 'BTCUSDT-bookTicker-2024-01-02',
    header: false,
    first: [quote('42297.75', '6.848', '42297.85', '2.885'), 1_704_153_600_002_000_000n],
    last: [quote('42300.39', '1.272', '42300.49', '9.390'), 1_704_153_600_549_000_000n],
  },
];

let server: EphemeralRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

describe.each(CASES)('$source on $file (header: $header)', (c) => {
  it('given the sample, then its 50 rows read as events, the first and last exactly, the header (if any) skipped', async () => {
    const records = await collect(binanceCsv(sample(c.file), { dataset: c.dataset }));
    expect(records).toHaveLength(50);
    expect(records.every((record) => record.ok)).toBe(true);
    const firstLine = c.header ? 2 : 1;
    expect(records[0]).toEqual({ ok: true, line: firstLine, data: c.first[0], ts_event: c.first[1] });
    expect(records[49]).toEqual({ ok: true, line: firstLine + 49, data: c.last[0], ts_event: c.last[1] });
  });

  it('given INGEST_SOURCE and the file, then the service publishes the 50 events into Redis with ids from their lines and no dead letters', async () => {
    const namespace = `${c.source}-${c.header ? 'h' : 'n'}`;
    const path = sample(c.file);
    const run = await ingestInProcess({
      REDIS_URL: server.url,
      TICKFLOW_NAMESPACE: namespace,
      TICKFLOW_PARTITIONS: '2',
      INGEST_SOURCE: c.source,
      INGEST_PATH: path,
    });
    expect(run.outcome).toBe('finished');
    const stored = await readMarketData(redis, namespace, 2);
    expect(stored).toHaveLength(50);
    const sourceId = await fileSourceId(path);
    const firstLine = c.header ? 2 : 1;
    expect(stored[0]?.event).toMatchObject({ id: recordEventId(sourceId, firstLine), data: c.first[0] });
    expect(stored[0]?.event.ts_event).toBe(c.first[1]);
    expect(stored[49]?.event).toMatchObject({ id: recordEventId(sourceId, firstLine + 49), data: c.last[0] });
    expect(await deadLetters(redis, namespace)).toEqual([]);
  });
});

describe('binance presets: symbol and bad rows', () => {
  it('given Binance file names, then the symbol is read from them; another name needs INGEST_SYMBOL', () => {
    expect(binanceSymbolOf('/x/ETHUSDT-aggTrades-2024-01-01.zip', 'aggTrades')).toBe('ETHUSDT');
    expect(binanceSymbolOf('BTCUSDT-trades-2019-01.csv', 'trades')).toBe('BTCUSDT');
    expect(binanceSymbolOf('BTCUSDT-trades-2019-01.csv', 'aggTrades')).toBeUndefined();
    expect(() => binanceCsv('ticks.csv', { dataset: 'trades' })).toThrow(SourceConfigError);

    const env = {
      REDIS_URL: 'redis://127.0.0.1:1',
      INGEST_SOURCE: 'binance-trades',
      INGEST_PATH: 'ticks.csv',
    };
    expect(() => loadSettings(env)).toThrow(/INGEST_SYMBOL: missing/);
    expect(loadSettings({ ...env, INGEST_SYMBOL: 'SOLUSDT' }).source).toEqual({
      kind: 'binance',
      path: 'ticks.csv',
      dataset: 'trades',
      symbol: 'SOLUSDT',
    });
    expect(() => loadSettings({ ...env, INGEST_SOURCE: 'csv', INGEST_SYMBOL: 'X' })).toThrow(
      /INGEST_SYMBOL: not read by INGEST_SOURCE=csv/,
    );
  });
});

function trade(price: string, size: string, aggressor_side: string, trade_id: string) {
  return { kind: 'trade', ...BINANCE, price, size, aggressor_side, trade_id };
}

function quote(bid_price: string, bid_size: string, ask_price: string, ask_size: string) {
  return { kind: 'quote', ...BINANCE, bid_price, bid_size, ask_price, ask_size };
}
