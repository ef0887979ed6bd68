import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZScore } from '../src/index.ts';
import { gridPrice } from './support/arbitraries.ts';
import { lastWindow, magnitudeOf, naiveMean, naiveStd } from './support/reference.ts';

describe('ZScore', () => {
  it('given prices on a cent grid, when each is fed, then the z-score equals the naive (x − mean) / std', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.array(gridPrice, { maxLength: 200, size: 'max' }),
        (period, values) => {
          const zScore = new ZScore(period);
          values.forEach((value, index) => {
            const got = zScore.update(value);
            const window = lastWindow(values.slice(0, index + 1), period);
            if (window === undefined) {
              expect(got).toBeUndefined();
              return;
            }
            const std = naiveStd(window);
            if (std === 0) {
              expect(got).toBe(0);
              return;
            }
            const want = (value - naiveMean(window)) / std;
            // Errors of ~1e-9·magnitude in mean and std, divided by the std.
            const tolerance = (1e-9 * magnitudeOf(window) * (1 + Math.abs(want))) / std;
            expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(tolerance);
          });
        },
      ),
    );
  });

  it('given a hand-built window, then the z-score is exact', () => {
    const zScore = new ZScore(4);
    for (const value of [1, 2, 3]) expect(zScore.update(value)).toBeUndefined();
    // window 1 2 3 6: mean 3, population std sqrt(14/4)
    expect(zScore.update(6)).toBeCloseTo(3 / Math.sqrt(3.5), 12);
    expect(zScore.ready).toBe(true);
    expect(zScore.mean).toBe(3);
  });

  it('given a flat window, then the z-score is 0, not noise divided by noise', () => {
    const zScore = new ZScore(3);
    for (const value of [0.1 + 0.2, 0.3, 0.1 + 0.2, 0.3, 0.30000000000000004]) zScore.update(value);
    expect(zScore.value).toBe(0);
  });

  it('given a period below 2, then it throws RangeError naming ZScore', () => {
    expect(() => new ZScore(1)).toThrow(/ZScore: period must be an integer of at least 2/);
  });
});
