// sma-crossover, given hand-built mids: bid = mid − 1 and ask = mid + 1, so mids are exact.
import type { Signal } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { StrategyParamsError, smaCrossover } from '../src/index.ts';
import { captureError } from './support/capture-error.ts';
import { quoteEvent, quotesAtMids, tradeEvent } from './support/market-data.ts';

/** Each tick's signals, for a fast 2 / slow 3 crossover fed `mids`. */
function signalsFor(mids: readonly number[]): Signal[][] {
  const strategy = smaCrossover.create({ fastPeriod: 2, slowPeriod: 3 });
  return quotesAtMids(mids).map((event) => strategy.handle(event));
}

const quoteAt = (mid: number) => ({
  bid_price: String(mid - 1),
  bid_size: '1',
  ask_price: String(mid + 1),
  ask_size: '1',
});

describe('sma-crossover', () => {
  it('given the fast SMA crossing below then above the slow one, then it emits short then long, once each', () => {
    //          fast:    -    -    10   11.5  10   5.5  4    7    10
    //          slow:    -    -    10   11    10   8    5    6    8
    const mids = [10, 10, 10, 13, 7, 4, 4, 10, 10];
    expect(signalsFor(mids)).toEqual([
      [],
      [],
      [], // equal: no side yet
      [], // first side (above) is the trend, not a cross
      [], // equal again: not a side
      [
        {
          symbol: 'BTCUSDT',
          signal: 'short',
          strength: '1',
          strategy_id: 'sma-crossover',
          reason: 'fast SMA(2)=5.5 crossed below slow SMA(3)=8',
          quote: quoteAt(4),
        },
      ],
      [],
      [
        {
          symbol: 'BTCUSDT',
          signal: 'long',
          strength: '1',
          strategy_id: 'sma-crossover',
          reason: 'fast SMA(2)=7 crossed above slow SMA(3)=6',
          quote: quoteAt(10),
        },
      ],
      [],
    ]);
  });

  it('given the SMAs touching and parting on the same side, then it emits nothing', () => {
    // fast 11.5 > slow 11, then both 10, then fast 14.5 > slow 14: above → equal → above
    const mids = [10, 10, 10, 13, 7, 22];
    expect(signalsFor(mids).flat()).toEqual([]);
  });

  it('given trades and one-sided quotes, then they move neither SMA', () => {
    const strategy = smaCrossover.create({ fastPeriod: 2, slowPeriod: 3 });
    const events = [
      ...quotesAtMids([10, 10, 10, 13]),
      tradeEvent({ seq: 4, price: '1' }),
      quoteEvent({ seq: 5, bid: '0', bidSize: '0', ask: '2' }), // mid would be 1
      ...quotesAtMids([7, 4], 'BTCUSDT', 6),
    ];
    const signals = events.flatMap((event) => strategy.handle(event));
    expect(signals.map((signal) => signal.reason)).toEqual(['fast SMA(2)=5.5 crossed below slow SMA(3)=8']);
  });

  it('given no params, then fast is 10 and slow 30', () => {
    expect(smaCrossover.create().params).toEqual({ fastPeriod: 10, slowPeriod: 30 });
  });

  it('given slowPeriod not above fastPeriod, then create throws StrategyParamsError saying so', () => {
    const error = captureError(() => smaCrossover.create({ fastPeriod: 30, slowPeriod: 30 }));
    expect(error).toBeInstanceOf(StrategyParamsError);
    expect(error).toMatchObject({
      issues: [{ param: 'slowPeriod', message: 'must be greater than fastPeriod (30), got 30' }],
    });
    // The default slowPeriod (30) is checked against a given fastPeriod too.
    expect(() => smaCrossover.create({ fastPeriod: 40 })).toThrow(
      /slowPeriod: must be greater than fastPeriod \(40\), got 30/,
    );
  });

  it('given periods that are not whole, positive numbers, or an unknown param, then every problem is listed', () => {
    const error = captureError(() => smaCrossover.create({ fastPeriod: 2.5, slowPeriod: 0, fast: 3 }));
    expect(error).toMatchObject({
      issues: [
        { param: 'fastPeriod', message: 'expected a whole number of quotes' },
        { param: 'slowPeriod', message: 'expected at least 1' },
        { param: 'fast', message: 'not a parameter' },
      ],
    });
  });

  it('given the same quotes twice, then the signals are identical', () => {
    const mids = [10, 10, 10, 13, 7, 4, 4, 10, 10, 3, 20, 1];
    expect(signalsFor(mids)).toEqual(signalsFor(mids));
  });
});
