import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ema } from '../src/index.ts';
import { finiteValue } from './support/arbitraries.ts';
import { magnitudeOf, naiveEma } from './support/reference.ts';

describe('Ema', () => {
  it('given any finite values, when each is fed, then the value equals the EMA recomputed from the whole history', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(finiteValue, { maxLength: 200, size: 'max' }),
        (period, values) => {
          const ema = new Ema(period);
          values.forEach((value, index) => {
            const seen = values.slice(0, index + 1);
            const got = ema.update(value);
            const want = naiveEma(seen, period);
            if (want === undefined) {
              expect(got).toBeUndefined();
            } else {
              expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(1e-9 * magnitudeOf(seen));
            }
          });
        },
      ),
    );
  });

  it('given period values, then it becomes ready with their SMA as the seed', () => {
    const ema = new Ema(3);
    expect([ema.update(1), ema.update(2)]).toEqual([undefined, undefined]);
    expect(ema.ready).toBe(false);
    expect(ema.update(6)).toBe(3);
    expect(ema.ready).toBe(true);
  });

  it('given a seeded EMA, when a value arrives, then it moves by alpha = 2/(period+1) of the gap', () => {
    const ema = new Ema(3);
    for (const value of [1, 2, 6]) ema.update(value);
    expect(ema.alpha).toBe(0.5);
    expect(ema.update(11)).toBe(7);
  });

  it('given period 1, then it follows its input', () => {
    const ema = new Ema(1);
    expect([ema.update(4), ema.update(-2)]).toEqual([4, -2]);
  });

  it('given a period that is not a positive integer, then it throws RangeError', () => {
    expect(() => new Ema(0)).toThrow(RangeError);
  });
});
