// Tardis.dev CSV files, the real ones in data/tardis and small broken ones: every data row
// comes out, bad rows as rejected records naming their field, and reading goes on after them.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SourceConfigError, SourceReadError, type SourceRecord, tardisCsv } from '../src/index.ts';
import { collect, fixture } from './support/collect.ts';

const DATA = fileURLToPath(new URL('../../../data/tardis/', import.meta.url));
const QUOTES = `${DATA}tardis_binance-futures_BTCUSDT_quotes_2020-02-22.csv`;
const TRADES = `${DATA}tardis_binance-futures_BTCUSDT_trades_2020-02-22.csv`;

describe('tardisCsv quotes', () => {
  it('given the real 10,000-line quotes file, then its 9,999 data rows are 9,999 accepted quotes, first and last exact', async () => {
    const records = await collect(tardisCsv(QUOTES, { kind: 'quotes' }));

    expect(records.filter((record) => !record.ok)).toEqual([]);
    expect(records).toHaveLength(9_999);
    expect(records[0]).toEqual({
      ok: true,
      line: 2,
      data: {
        kind: 'quote',
        symbol: 'BTCUSDT',
        venue: 'binance-futures',
        bid_price: '9681.92',
        bid_size: '0.67',
        ask_price: '9682',
        ask_size: '0.84',
      },
      ts_event: 1_582_329_601_096_000_000n,
      ts_init: 1_582_329_603_502_092_000n,
    });
    expect(records.at(-1)).toEqual({
      ok: true,
      line: 10_000,
      data: {
        kind: 'quote',
        symbol: 'BTCUSDT',
        venue: 'binance-futures',
        bid_price: '9671.19',
        bid_size: '0.012',
        ask_price: '9672.09',
        ask_size: '0.031',
      },
      ts_event: 1_582_329_827_061_000_000n,
      ts_init: 1_582_329_827_181_582_000n,
    });
    expect(records.map((record) => record.line)).toEqual(Array.from({ length: 9_999 }, (_, i) => i + 2));
  });

  it('given rows with a non-numeric price, a missing column, a bad timestamp and a negative size, then each is rejected at its line and field, and the rows after them still parse', async () => {
    const records = await collect(tardisCsv(fixture('tardis-quotes-bad-rows.csv'), { kind: 'quotes' }));

    expect(records.map(summary)).toEqual([
      'ok 2',
      'bad 3 bid_price',
      'bad 4 bid_size',
      'bad 5 ts_event',
      'bad 7 ask_size',
      'ok 8',
    ]);
    expect(rejected(records, 3)).toEqual({
      ok: false,
      line: 3,
      field: 'bid_price',
      reason: 'expected an exact decimal string like "123.45", got "abc" (column "bid_price")',
      raw: 'binance-futures,BTCUSDT,1582329603401000,1582329603522418,0.84,9682,abc,0.003',
    });
    expect(rejected(records, 4).reason).toBe('missing: the row has 7 columns, the header 8');
    expect(rejected(records, 5).reason).toBe(
      'expected epoch microseconds like "1582329601096000", got "2020-02-22 00:00:03" (column "timestamp")',
    );
    expect(rejected(records, 7).reason).toBe(
      'expected a decimal of zero or more, got "-0.84" (column "ask_amount")',
    );
    expect(records.at(-1)).toMatchObject({ ok: true, line: 8, ts_event: 1_582_329_603_848_000_000n });
  });

  it('given a trades file read as quotes, then the first read fails with a SourceConfigError naming the missing column', async () => {
    await expect(collect(tardisCsv(TRADES, { kind: 'quotes' }))).rejects.toThrow(SourceConfigError);
    await expect(collect(tardisCsv(TRADES, { kind: 'quotes' }))).rejects.toThrow(
      /lacks the mapped column\(s\) "bid_price" \(bid_price\), "bid_amount" \(bid_size\), "ask_price" \(ask_price\), "ask_amount" \(ask_size\)/,
    );
  });

  it('given a path that does not exist, then reading fails with a SourceReadError', async () => {
    await expect(collect(tardisCsv(`${DATA}no-such-file.csv`, { kind: 'quotes' }))).rejects.toThrow(
      SourceReadError,
    );
  });
});

describe('tardisCsv trades', () => {
  it('given the real trades file, then its 9,999 rows are accepted trades with id, side and µs times in ns', async () => {
    const records = await collect(tardisCsv(TRADES, { kind: 'trades' }));

    expect(records.filter((record) => !record.ok)).toEqual([]);
    expect(records).toHaveLength(9_999);
    expect(records[0]).toEqual({
      ok: true,
      line: 2,
      data: {
        kind: 'trade',
        symbol: 'BTCUSDT',
        venue: 'binance-futures',
        price: '9682',
        size: '0.132',
        aggressor_side: 'buy',
        trade_id: '42377944',
      },
      ts_event: 1_582_329_602_111_000_000n,
      ts_init: 1_582_329_602_418_379_000n,
    });
    expect(records.at(-1)).toMatchObject({
      line: 10_000,
      data: { price: '9666.84', size: '0.07', aggressor_side: 'sell', trade_id: '42387942' },
    });
  });

  it('given a trade with side "unknown" and one of size zero, then the first keeps its side and the second is rejected', async () => {
    const records = await collect(tardisCsv(fixture('tardis-trades-sample.csv'), { kind: 'trades' }));

    expect(records.map(summary)).toEqual(['ok 2', 'ok 3', 'ok 4', 'ok 5', 'ok 6', 'ok 7', 'bad 8 size']);
    expect(records[5]).toMatchObject({ ok: true, data: { aggressor_side: 'unknown', trade_id: '42377949' } });
    expect(rejected(records, 8).reason).toBe(
      'expected a decimal greater than zero, got "0" (column "amount")',
    );
  });
});

function summary(record: SourceRecord): string {
  return record.ok ? `ok ${record.line}` : `bad ${record.line} ${record.field}`;
}

function rejected(records: readonly SourceRecord[], line: number): Extract<SourceRecord, { ok: false }> {
  const record = records.find((r) => r.line === line);
  if (record === undefined || record.ok) throw new Error(`line ${line} was not rejected`);
  return record;
}
