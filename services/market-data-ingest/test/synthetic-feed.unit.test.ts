// The synthetic feed is a pure function of its options: same seed, same records; its
// prices stay on the tick grid, positive, with bid below ask.
import { describe, expect, it } from 'vitest';
import {
  SourceConfigError,
  type SourceRecord,
  type SyntheticFeedOptions,
  syntheticFeed,
} from '../src/index.ts';
import { collect } from './support/collect.ts';

const OPTIONS: SyntheticFeedOptions = {
  symbols: ['BTCUSDT', 'ETHUSDT'],
  seed: 42,
  ratePerSecond: 250,
  spreadBps: 2,
  startPrice: 100,
  volatility: 0.8,
  startTimeNs: 1_582_329_600_000_000_000n,
  count: 2_000,
};

describe('syntheticFeed', () => {
  it('given the same seed twice, then the records are identical', async () => {
    const first = await collect(syntheticFeed(OPTIONS));
    const second = await collect(syntheticFeed(OPTIONS));

    expect(first).toHaveLength(2_000);
    expect(second).toEqual(first);
  });

  it('given different seeds, then the prices differ', async () => {
    const a = await collect(syntheticFeed(OPTIONS));
    const b = await collect(syntheticFeed({ ...OPTIONS, seed: 43 }));

    expect(bids(b)).not.toEqual(bids(a));
  });

  it('given a rate, then event time advances by 1/rate per quote from startTimeNs, symbols take turns, lines count from 1', async () => {
    const records = await collect(syntheticFeed({ ...OPTIONS, count: 4 }));

    expect(records.map((r) => (r.ok ? [r.line, r.data.symbol, r.ts_event, r.ts_init] : r))).toEqual([
      [1, 'BTCUSDT', 1_582_329_600_000_000_000n, 1_582_329_600_000_000_000n],
      [2, 'ETHUSDT', 1_582_329_600_004_000_000n, 1_582_329_600_004_000_000n],
      [3, 'BTCUSDT', 1_582_329_600_008_000_000n, 1_582_329_600_008_000_000n],
      [4, 'ETHUSDT', 1_582_329_600_012_000_000n, 1_582_329_600_012_000_000n],
    ]);
  });

  it('given a wild volatility and a low start price, then every quote is valid, positive, on the tick grid, with bid < ask', async () => {
    const records = await collect(
      syntheticFeed({ ...OPTIONS, startPrice: 0.05, volatility: 50, ratePerSecond: 1, count: 5_000 }),
    );

    expect(records.every((record) => record.ok)).toBe(true);
    for (const record of records) {
      if (!record.ok || record.data.kind !== 'quote') throw new Error('expected quotes');
      const bid = Number(record.data.bid_price);
      const ask = Number(record.data.ask_price);
      expect(bid).toBeGreaterThan(0);
      expect(ask).toBeGreaterThan(bid);
      expect(record.data.bid_price).toMatch(/^\d+\.\d{2}$/);
    }
  });

  it('given a 1 % spread around 100, then bid and ask sit one percent apart on the 0.01 grid', async () => {
    const [first] = await collect(syntheticFeed({ ...OPTIONS, spreadBps: 100, count: 1 }));

    expect(first).toMatchObject({ ok: true, data: { bid_price: '99.50', ask_price: '100.50' } });
  });

  it('given an invalid symbol or no symbols, then syntheticFeed throws a SourceConfigError at once', () => {
    expect(() => syntheticFeed({ ...OPTIONS, symbols: ['BTC USDT'] })).toThrow(SourceConfigError);
    expect(() => syntheticFeed({ ...OPTIONS, symbols: [] })).toThrow(/at least one symbol/);
  });
});

function bids(records: readonly SourceRecord[]): string[] {
  return records.map((record) => (record.ok && record.data.kind === 'quote' ? record.data.bid_price : ''));
}
