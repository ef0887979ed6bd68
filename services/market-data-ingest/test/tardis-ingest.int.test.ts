// The service end to end on the real Tardis files: every row becomes one MarketData event
// with the id derived from (source id, line), in file order, and running it again on the
// same file adds nothing.
import { fileURLToPath } from 'node:url';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordEventId } from '../src/index.ts';
import { fileSourceId } from '../src/pipeline/source-id.ts';
import { killAll, startIngest } from './support/ingest-process.ts';
import { checkpointOf, deadLetters, readMarketData, streamLengths } from './support/redis-inspect.ts';

const DATA = fileURLToPath(new URL('../../../data/tardis/', import.meta.url));
const QUOTES = `${DATA}tardis_binance-futures_BTCUSDT_quotes_2020-02-22.csv`;
const TRADES = `${DATA}tardis_binance-futures_BTCUSDT_trades_2020-02-22.csv`;
const PARTITIONS = 4;
const FILE_LINES = Array.from({ length: 9_999 }, (_, i) => i + 2);

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

function ingest(namespace: string, source: string, path: string) {
  return startIngest({
    REDIS_URL: server.url,
    TICKFLOW_NAMESPACE: namespace,
    TICKFLOW_PARTITIONS: String(PARTITIONS),
    INGEST_SOURCE: source,
    INGEST_PATH: path,
  });
}

describe('market-data-ingest on Tardis files', () => {
  it('given the quotes file, when ingested, then its 9,999 rows are 9,999 events in file order, first and last exact, checkpointed at the last line; a second run appends nothing', async () => {
    expect(await ingest('quotes', 'tardis-quotes', QUOTES).exitCode()).toBe(0);

    const stored = await readMarketData(redis, 'quotes', PARTITIONS);
    const sourceId = await fileSourceId(QUOTES);
    expect(stored).toHaveLength(9_999);
    // One symbol, so one partition: its stream order must be the file's order.
    expect(new Set(stored.map((entry) => entry.partition)).size).toBe(1);
    expect(stored.map((entry) => entry.event.id)).toEqual(
      FILE_LINES.map((line) => recordEventId(sourceId, line)),
    );
    const first = stored[0]?.event;
    expect(first).toEqual({
      id: recordEventId(sourceId, 2),
      type: 'market_data',
      key: 'BTCUSDT',
      ts_event: 1_582_329_601_096_000_000n,
      ts_init: 1_582_329_603_502_092_000n,
      corr: recordEventId(sourceId, 2),
      data: {
        kind: 'quote',
        symbol: 'BTCUSDT',
        venue: 'binance-futures',
        bid_price: '9681.92',
        bid_size: '0.67',
        ask_price: '9682',
        ask_size: '0.84',
      },
    });
    expect(stored.at(-1)?.event).toMatchObject({
      id: recordEventId(sourceId, 10_000),
      ts_event: 1_582_329_827_061_000_000n,
      ts_init: 1_582_329_827_181_582_000n,
      data: { bid_price: '9671.19', bid_size: '0.012', ask_price: '9672.09', ask_size: '0.031' },
    });
    expect(await checkpointOf(redis, 'quotes', sourceId)).toBe(10_000);
    expect(await deadLetters(redis, 'quotes')).toEqual([]);

    const lengths = await streamLengths(redis, 'quotes', PARTITIONS);
    const again = ingest('quotes', 'tardis-quotes', QUOTES);
    expect(await again.exitCode()).toBe(0);
    expect(await streamLengths(redis, 'quotes', PARTITIONS)).toEqual(lengths);
    expect(await deadLetters(redis, 'quotes')).toEqual([]);
    expect(again.output()).toContain('"skipped":9999');
    expect(again.output()).toContain('"published":0');
  });

  it('given the trades file, when ingested, then its 9,999 rows are 9,999 trade events with side and trade id', async () => {
    expect(await ingest('trades', 'tardis-trades', TRADES).exitCode()).toBe(0);

    const stored = await readMarketData(redis, 'trades', PARTITIONS);
    const sourceId = await fileSourceId(TRADES);
    expect(stored).toHaveLength(9_999);
    expect(stored[0]?.event).toMatchObject({
      id: recordEventId(sourceId, 2),
      ts_event: 1_582_329_602_111_000_000n,
      data: { kind: 'trade', price: '9682', size: '0.132', aggressor_side: 'buy', trade_id: '42377944' },
    });
    expect(stored.at(-1)?.event).toMatchObject({
      id: recordEventId(sourceId, 10_000),
      data: { price: '9666.84', size: '0.07', aggressor_side: 'sell', trade_id: '42387942' },
    });
  });
});
