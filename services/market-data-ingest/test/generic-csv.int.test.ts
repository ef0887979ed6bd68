// Generic CSV: columns by header name or index, every timestamp format read exactly, any
// one-character delimiter, a fixed symbol for files without one, and quoted cells.
import { describe, expect, it } from 'vitest';
import {
  type GenericCsvMapping,
  genericCsv,
  type QuoteCsvMapping,
  SourceConfigError,
  type SourceRecord,
  type TimestampFormat,
} from '../src/index.ts';
import { collect, fixture } from './support/collect.ts';

const QUOTE_COLUMNS = {
  symbol: 'sym',
  bid_price: 'bid',
  bid_size: 'bid_qty',
  ask_price: 'ask',
  ask_size: 'ask_qty',
};
const FIRST_QUOTE = {
  kind: 'quote',
  symbol: 'BTCUSDT',
  venue: 'test-venue',
  bid_price: '9681.92',
  bid_size: '0.67',
  ask_price: '9682',
  ask_size: '0.84',
};

function quotesMapping(format: TimestampFormat): QuoteCsvMapping {
  return {
    kind: 'quotes',
    venue: 'test-venue',
    timestamp: { column: 'time', format },
    columns: QUOTE_COLUMNS,
  };
}

describe('genericCsv timestamp formats', () => {
  // Each file holds the same three quotes; the second is 1 ns past a whole millisecond,
  // which a float conversion would lose.
  const EXPECTED_NS = [1_582_329_601_096_000_000n, 1_582_329_603_401_000_001n, 1_582_329_603_542_000_000n];
  const CASES: readonly { file: string; format: TimestampFormat }[] = [
    { file: 'generic-quotes-iso.csv', format: 'iso' },
    { file: 'generic-quotes-epoch-s.csv', format: 'epoch-s' },
    { file: 'generic-quotes-epoch-ms.csv', format: 'epoch-ms' },
    { file: 'generic-quotes-epoch-us.csv', format: 'epoch-us' },
    { file: 'generic-quotes-epoch-ns.csv', format: 'epoch-ns' },
  ];
  for (const { file, format } of CASES) {
    it(`given ${format} times, when read, then every quote carries its exact ns time`, async () => {
      const records = await collect(genericCsv(fixture(file), quotesMapping(format)));
      const accepted = records.filter((record) => record.ok);

      expect(accepted.map((record) => record.ts_event)).toEqual(EXPECTED_NS);
      expect(accepted.map((record) => record.line)).toEqual([2, 3, 4]);
      expect(accepted[0]).toEqual({ ok: true, line: 2, data: FIRST_QUOTE, ts_event: EXPECTED_NS[0] });
    });
  }

  it('given epoch seconds with a fraction past nanoseconds, then that row is rejected at ts_event', async () => {
    const records = await collect(
      genericCsv(fixture('generic-quotes-epoch-s.csv'), quotesMapping('epoch-s')),
    );

    expect(records).toHaveLength(4);
    expect(records[3]).toMatchObject({
      ok: false,
      line: 5,
      field: 'ts_event',
      reason:
        'expected epoch seconds with at most 9 fraction digits (nanoseconds), got "1582329603.5420000001" (column "time")',
    });
  });

  it('given the pattern "yyyyMMdd HHmmssSSS", then times read as UTC and an impossible date is rejected', async () => {
    const records = await collect(
      genericCsv(fixture('generic-quotes-pattern.csv'), quotesMapping({ pattern: 'yyyyMMdd HHmmssSSS' })),
    );

    expect(records.filter((record) => record.ok).map((record) => record.ts_event)).toEqual([
      1_582_329_601_096_000_000n,
      1_582_329_603_401_000_000n,
      1_582_329_603_542_000_000n,
    ]);
    expect(records[3]).toMatchObject({ ok: false, line: 5, field: 'ts_event' });
  });
});

describe('genericCsv layout', () => {
  it('given no header, a semicolon delimiter, CRLF endings and a fixed symbol, when columns are indices, then every row is a quote of that symbol', async () => {
    const records = await collect(
      genericCsv(fixture('generic-quotes-no-header-semicolon.csv'), {
        kind: 'quotes',
        header: false,
        delimiter: ';',
        symbol: 'BTCUSDT',
        venue: 'test-venue',
        timestamp: { column: 0, format: 'epoch-ms' },
        columns: { bid_price: 1, bid_size: 2, ask_price: 3, ask_size: 4 },
      }),
    );

    expect(records.map((record) => record.ok)).toEqual([true, true, true]);
    expect(records[0]).toEqual({
      ok: true,
      line: 1,
      data: FIRST_QUOTE,
      ts_event: 1_582_329_601_096_000_000n,
    });
    expect(records[2]).toMatchObject({ line: 3, data: { bid_price: '9681.44', bid_size: '0.363' } });
  });

  it('given trades with quoted cells, B/sell/empty sides and an empty trade id, then sides and ids map, and a broken quote or unknown side rejects only its row', async () => {
    const records = await collect(
      genericCsv(fixture('generic-trades-quoted.csv'), {
        kind: 'trades',
        symbol: 'BTCUSDT',
        venue: 'test-venue',
        timestamp: { column: 'Time', format: 'iso' },
        columns: { price: 'Price', size: 'Qty', side: 'Side', trade_id: 'Trade ID' },
      }),
    );

    expect(records.map(summary)).toEqual(['ok 2', 'ok 3', 'ok 4', 'bad 5 (line)', 'bad 6 aggressor_side']);
    expect(records[0]).toEqual({
      ok: true,
      line: 2,
      data: {
        kind: 'trade',
        symbol: 'BTCUSDT',
        venue: 'test-venue',
        price: '9682',
        size: '0.132',
        aggressor_side: 'buy',
        trade_id: '42377944',
      },
      ts_event: 1_582_329_602_111_000_000n,
    });
    expect(records[1]).toMatchObject({ data: { aggressor_side: 'sell' } });
    expect(records[1]?.ok && 'trade_id' in records[1].data).toBe(false);
    expect(records[2]).toMatchObject({ data: { aggressor_side: 'unknown', trade_id: '42377947' } });
    expect(records[3]).toMatchObject({ reason: 'the quote opened at column 26 is not closed on this line' });
    expect(records[4]).toMatchObject({
      reason: 'expected "buy", "sell" or "unknown", got "sideways" (column "Side")',
    });
  });
});

describe('genericCsv mapping checks', () => {
  const base = quotesMapping('iso');

  it('given neither a symbol column nor a fixed symbol, then genericCsv throws a SourceConfigError at once', () => {
    const { symbol: _, ...columns } = QUOTE_COLUMNS;
    expect(() => genericCsv(fixture('generic-quotes-iso.csv'), { ...base, columns })).toThrow(
      /needs a symbol: a symbol column, or a fixed symbol/,
    );
  });

  it('given a column name in a file without a header, then genericCsv throws a SourceConfigError at once', () => {
    expect(() => genericCsv(fixture('generic-quotes-iso.csv'), { ...base, header: false })).toThrow(
      SourceConfigError,
    );
  });

  it('given a two-character delimiter or an unknown pattern letter, then genericCsv throws a SourceConfigError', () => {
    expect(() => genericCsv('unused.csv', { ...base, delimiter: ';;' })).toThrow(/one character/);
    expect(() =>
      genericCsv('unused.csv', {
        ...base,
        timestamp: { column: 'time', format: { pattern: 'yyyyMMdd hhmmss' } },
      }),
    ).toThrow(/unsupported letter "h"/);
  });

  it('given an index past the header, then the first read fails with a SourceConfigError', async () => {
    const mapping: GenericCsvMapping = { ...base, timestamp: { column: 9, format: 'iso' } };
    await expect(collect(genericCsv(fixture('generic-quotes-iso.csv'), mapping))).rejects.toThrow(
      /column 9 of ts_event is past the header's 6 columns/,
    );
  });
});

function summary(record: SourceRecord): string {
  return record.ok ? `ok ${record.line}` : `bad ${record.line} ${record.field}`;
}
