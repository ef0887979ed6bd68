// NDJSON in the events' payload shape or through a field mapping: bad lines are rejected
// one by one, JSON numbers keep their exact text, and reading goes on.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ndjson, SourceConfigError, type SourceRecord } from '../src/index.ts';
import { collect, fixture } from './support/collect.ts';

describe('ndjson in payload shape', () => {
  it('given good lines, a malformed line, a blank line, an array and an unknown key, then each bad line is rejected at its line and the good ones parse', async () => {
    const records = await collect(ndjson(fixture('quotes-payload.ndjson')));

    expect(records.map(summary)).toEqual([
      'ok 1',
      'ok 2',
      'bad 3 (line)',
      'ok 4',
      'bad 6 (line)',
      'bad 7 mid',
      'ok 8',
    ]);
    expect(records[0]).toEqual({
      ok: true,
      line: 1,
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
    expect(records[1]).toMatchObject({ ok: true, ts_event: 1_582_329_603_401_000_000n });
    expect(records[1]?.ok && 'ts_init' in records[1]).toBe(false);
    expect(records[2]).toMatchObject({ reason: expect.stringMatching(/^not valid JSON: /) });
    expect(records[4]).toMatchObject({ reason: 'expected a JSON object, got an array', raw: '[1,2,3]' });
    expect(records[5]).toMatchObject({ reason: 'not a field of MarketData' });
  });

  it('given ts_event in the RFC 3339 spellings real files use, then each is read to the nanosecond; a time without an offset is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ndjson-rfc3339-'));
    try {
      const quote = (ts: string) =>
        JSON.stringify({
          kind: 'quote',
          symbol: 'EURUSD',
          venue: 'fx',
          bid_price: '1.0',
          ask_price: '1.1',
          ts_event: ts,
        });
      const path = join(dir, 'times.ndjson');
      const times = [
        '2013-01-01 22:00:00.295000+00:00',
        '2013-01-01T22:00:00.295Z',
        '2013-01-01T23:00:00.295000000+0100',
        '2013-01-01t22:00:00.295z',
        '2013-01-01T22:00:00.295',
      ];
      await writeFile(path, `${times.map(quote).join('\n')}\n`);

      const records = await collect(ndjson(path));

      const ns = 1_357_077_600_295_000_000n;
      expect(records.slice(0, 4).map((record) => (record.ok ? record.ts_event : record.reason))).toEqual([
        ns,
        ns,
        ns,
        ns,
      ]);
      expect(records[4]).toMatchObject({ ok: false, field: 'ts_event' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('given a trade whose price, size and ns time are bare JSON numbers, then they keep their exact source text', async () => {
    const records = await collect(ndjson(fixture('quotes-payload.ndjson')));

    expect(records[3]).toEqual({
      ok: true,
      line: 4,
      data: {
        kind: 'trade',
        symbol: 'BTCUSDT',
        venue: 'binance-futures',
        price: '9682.10',
        size: '0.132',
        aggressor_side: 'buy',
        trade_id: '42377944',
      },
      // 1582329602111000001 is past 2^53: as a float it would read ...000000.
      ts_event: 1_582_329_602_111_000_001n,
    });
  });
});

describe('ndjson with a field mapping', () => {
  it('given Binance bookTicker messages and dotted paths, then quotes map, and a message lacking a field is rejected naming it', async () => {
    const records = await collect(
      ndjson(fixture('book-ticker.ndjson'), {
        kind: 'quotes',
        venue: 'binance-futures',
        timestamp: { field: 'data.T', format: 'epoch-ms' },
        receivedTimestamp: { field: 'data.E', format: 'epoch-ms' },
        fields: {
          symbol: 'data.s',
          bid_price: 'data.b',
          bid_size: 'data.B',
          ask_price: 'data.a',
          ask_size: 'data.A',
        },
      }),
    );

    expect(records[0]).toEqual({
      ok: true,
      line: 1,
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
      ts_init: 1_582_329_601_099_000_000n,
    });
    expect(records.map(summary)).toEqual(['ok 1', 'ok 2', 'bad 3 ask_size']);
    expect(records[2]).toMatchObject({ reason: 'missing (field "data.A")' });
  });

  it('given a mapping with both a symbol field and a fixed symbol, then ndjson throws a SourceConfigError at once', () => {
    expect(() =>
      ndjson('unused.ndjson', {
        kind: 'trades',
        symbol: 'BTCUSDT',
        venue: 'x',
        timestamp: { field: 't', format: 'iso' },
        fields: { symbol: 's', price: 'p', size: 'q' },
      }),
    ).toThrow(SourceConfigError);
  });
});

function summary(record: SourceRecord): string {
  return record.ok ? `ok ${record.line}` : `bad ${record.line} ${record.field}`;
}
