// Every indicator: snapshot mid-stream, through JSON text, restore, continue — the outputs
// and the final snapshot are bit-identical to the uninterrupted run's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Ema,
  type Indicator,
  RollingStd,
  restoreIndicator,
  type ScalarIndicator,
  Sma,
  Vwap,
  ZScore,
} from '../src/index.ts';
import { finiteValue, gridPrice } from './support/arbitraries.ts';

interface Case {
  readonly name: string;
  readonly make: (period: number) => Indicator;
  readonly minPeriod: number;
  readonly input: fc.Arbitrary<number>;
  readonly feed: (indicator: Indicator, x: number) => number | undefined;
}

const scalar = (indicator: Indicator, x: number) => (indicator as ScalarIndicator).update(x);
const CASES: readonly Case[] = [
  { name: 'Sma', make: (p) => new Sma(p), minPeriod: 1, input: finiteValue, feed: scalar },
  { name: 'Ema', make: (p) => new Ema(p), minPeriod: 1, input: finiteValue, feed: scalar },
  { name: 'RollingStd', make: (p) => new RollingStd(p), minPeriod: 2, input: finiteValue, feed: scalar },
  { name: 'ZScore', make: (p) => new ZScore(p), minPeriod: 2, input: gridPrice, feed: scalar },
  {
    name: 'Vwap',
    make: (p) => new Vwap(p),
    minPeriod: 1,
    input: gridPrice,
    // A size derived from the price keeps the input one number per step.
    feed: (indicator, x) => (indicator as Vwap).update(x, ((x * 100) % 997) + 1),
  },
];

const throughJson = (indicator: Indicator): unknown => JSON.parse(JSON.stringify(indicator.toJSON()));

describe.each(CASES)('$name snapshots', ({ make, minPeriod, input, feed }) => {
  it('given a snapshot taken mid-stream and restored, when the rest is fed, then every output equals the uninterrupted run', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: minPeriod, max: 30 }),
        fc.array(input, { maxLength: 150, size: 'max' }),
        fc.nat(),
        (period, values, cutSeed) => {
          const cut = values.length === 0 ? 0 : cutSeed % (values.length + 1);
          const uninterrupted = make(period);
          const firstHalf = make(period);
          for (const value of values.slice(0, cut)) {
            feed(uninterrupted, value);
            feed(firstHalf, value);
          }
          const restored = restoreIndicator(throughJson(firstHalf));
          expect(restored.toJSON()).toEqual(firstHalf.toJSON());
          expect(restored.ready).toBe(firstHalf.ready);
          for (const value of values.slice(cut)) {
            expect(Object.is(feed(restored, value), feed(uninterrupted, value))).toBe(true);
          }
          expect(restored.toJSON()).toEqual(uninterrupted.toJSON());
        },
      ),
    );
  });
});

describe('restoreIndicator', () => {
  it('given each kind, then it rebuilds an instance of that class', () => {
    expect(restoreIndicator(new Sma(2).toJSON())).toBeInstanceOf(Sma);
    expect(restoreIndicator(new Ema(2).toJSON())).toBeInstanceOf(Ema);
    expect(restoreIndicator(new RollingStd(2).toJSON())).toBeInstanceOf(RollingStd);
    expect(restoreIndicator(new ZScore(2).toJSON())).toBeInstanceOf(ZScore);
    expect(restoreIndicator(new Vwap(2).toJSON())).toBeInstanceOf(Vwap);
  });

  it('given an unknown kind, then it throws RangeError naming it', () => {
    expect(() => restoreIndicator({ kind: 'macd' })).toThrow(/unknown kind "macd"/);
    expect(() => restoreIndicator(null)).toThrow(/unknown kind undefined/);
  });

  it('given a corrupted snapshot, then it throws RangeError saying which field', () => {
    const sma = new Sma(2);
    sma.update(1);
    expect(() => restoreIndicator({ ...sma.toJSON(), window: [1, 2, 3] })).toThrow(
      /not a sma snapshot: .*more values than the period/,
    );
    expect(() => restoreIndicator({ ...new Ema(3).toJSON(), seeded: 3 })).toThrow(/not a ema snapshot/);
    expect(() => restoreIndicator({ ...new RollingStd(3).toJSON(), m2: -1 })).toThrow(/m2/);
    expect(() => Sma.fromJSON({ ...sma.toJSON(), extra: 1 })).toThrow(/not a sma snapshot/);
  });
});
