import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sma } from '../src/index.ts';
import { finiteValue } from './support/arbitraries.ts';
import { lastWindow, magnitudeOf, naiveMean } from './support/reference.ts';

describe('Sma', () => {
  it('given any finite values, when each is fed, then the value equals the naive mean of the last period values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(finiteValue, { maxLength: 200, size: 'max' }),
        (period, values) => {
          const sma = new Sma(period);
          values.forEach((value, index) => {
            const got = sma.update(value);
            const window = lastWindow(values.slice(0, index + 1), period);
            if (window === undefined) {
              expect(got).toBeUndefined();
            } else {
              expect(Math.abs((got as number) - naiveMean(window))).toBeLessThanOrEqual(
                1e-9 * magnitudeOf(window),
              );
            }
          });
        },
      ),
    );
  });

  it('given fewer than period values, then it is not ready and has no value', () => {
    const sma = new Sma(3);
    expect([sma.update(1), sma.update(2)]).toEqual([undefined, undefined]);
    expect(sma.ready).toBe(false);
    expect(sma.value).toBeUndefined();
  });

  it('given period values, then it is ready with their mean, and then slides by one per update', () => {
    const sma = new Sma(3);
    sma.update(1);
    sma.update(2);
    expect(sma.update(6)).toBe(3);
    expect(sma.ready).toBe(true);
    expect(sma.update(10)).toBe(6);
  });

  it('given a huge value that has left the window, then the mean of the small values left is exact', () => {
    // A plain running sum keeps the rounding error of 1e15 + 0.1 after 1e15 leaves.
    const sma = new Sma(2);
    sma.update(1e15);
    sma.update(0.1);
    sma.update(0.2);
    expect(sma.value).toBe((0.1 + 0.2) / 2);
  });

  it('given a period that is not a positive integer, then it throws RangeError', () => {
    expect(() => new Sma(0)).toThrow(RangeError);
    expect(() => new Sma(2.5)).toThrow(/period must be an integer of at least 1, got 2.5/);
  });

  it('given NaN or Infinity, then update throws RangeError and the state is unchanged', () => {
    const sma = new Sma(1);
    sma.update(5);
    expect(() => sma.update(Number.NaN)).toThrow(RangeError);
    expect(() => sma.update(Number.POSITIVE_INFINITY)).toThrow(/finite/);
    expect(sma.value).toBe(5);
  });
});
