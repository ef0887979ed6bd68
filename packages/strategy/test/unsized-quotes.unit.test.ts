// Quotes without sizes (MarketData v3, FX tick files): their prices are real, so they have a
// mid and drive the strategies; the signals carry the quote unsized (no size keys at all), and
// a snapshot keeps it so, while a snapshot quote with one size only is refused.
import { createEvent, type MarketDataEvent, type Quote } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { midPrice, smaCrossover } from '../src/index.ts';
import { eventIdOf, tsOf } from './support/market-data.ts';

const unsized = (seq: number, mid: number): MarketDataEvent =>
  createEvent({
    type: 'market_data',
    id: eventIdOf(seq),
    ts_event: tsOf(seq),
    ts_init: tsOf(seq),
    data: {
      kind: 'quote',
      symbol: 'EURUSD',
      venue: 'fx',
      bid_price: String(mid - 1),
      ask_price: String(mid + 1),
    },
  });

const QUOTE: Quote = { kind: 'quote', symbol: 'EURUSD', venue: 'fx', bid_price: '1.5', ask_price: '2.5' };

describe('unsized quotes in strategies', () => {
  it('given an unsized quote, then midPrice is its mid (unknown sizes are not empty sides)', () => {
    expect(midPrice(QUOTE)).toBe(2);
  });

  it('given a sized quote with an empty side, then midPrice is still undefined', () => {
    expect(midPrice({ ...QUOTE, bid_size: '0', ask_size: '3' })).toBeUndefined();
    expect(midPrice({ ...QUOTE, bid_size: '1', ask_size: '3' })).toBe(2);
  });

  it('given unsized quotes crossing, then sma-crossover signals carry the quote without size keys', () => {
    const strategy = smaCrossover.create({ fastPeriod: 2, slowPeriod: 3 });
    const signals = [10, 10, 10, 13, 7, 4, 4].flatMap((mid, seq) => strategy.handle(unsized(seq, mid)));
    expect(signals).toHaveLength(1);
    expect(signals[0]?.signal).toBe('short');
    expect(signals[0]?.quote).toStrictEqual({ bid_price: '3', ask_price: '5' });
  });

  it('given an unsized last quote, then snapshot and restore keep it unsized', () => {
    const strategy = smaCrossover.create({ fastPeriod: 2, slowPeriod: 3 });
    strategy.handle(unsized(0, 10));
    const snapshot = JSON.parse(JSON.stringify(strategy.snapshot()));
    expect(snapshot.symbols[0].quote).toStrictEqual({ bid_price: '9', ask_price: '11' });
    const restored = smaCrossover.create({ fastPeriod: 2, slowPeriod: 3 });
    restored.restore(snapshot);
    expect(restored.snapshot()).toStrictEqual(strategy.snapshot());
  });

  it('given a snapshot quote with one size only, then restore refuses it', () => {
    const strategy = smaCrossover.create({ fastPeriod: 2, slowPeriod: 3 });
    strategy.handle(unsized(0, 10));
    const snapshot = JSON.parse(JSON.stringify(strategy.snapshot()));
    snapshot.symbols[0].quote.bid_size = '1';
    expect(() => smaCrossover.create({ fastPeriod: 2, slowPeriod: 3 }).restore(snapshot)).toThrow(
      'a quote has both bid_size and ask_size or neither',
    );
  });
});
