import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingStd } from '../src/index.ts';
import { finiteValue, gridPrice } from './support/arbitraries.ts';
import { lastWindow, magnitudeOf, naiveMean, naiveStd } from './support/reference.ts';

/** Feeds `values` one by one, checking value and mean against the naive ones after each. */
function expectMatchesNaive(period: number, values: readonly number[], tolerance: number): void {
  const std = new RollingStd(period);
  values.forEach((value, index) => {
    const got = std.update(value);
    const seen = values.slice(0, index + 1);
    const window = lastWindow(seen, period);
    const scale = magnitudeOf(seen.slice(-period));
    expect(Math.abs(std.mean - naiveMean(seen.slice(-period)))).toBeLessThanOrEqual(tolerance * scale);
    if (window === undefined) {
      expect(got).toBeUndefined();
    } else {
      expect(Math.abs((got as number) - naiveStd(window))).toBeLessThanOrEqual(tolerance * scale);
    }
  });
}

describe('RollingStd', () => {
  it('given prices on a cent grid, when each is fed, then std and mean equal the naive two-pass ones', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.array(gridPrice, { maxLength: 200, size: 'max' }),
        (period, values) => expectMatchesNaive(period, values, 1e-9),
      ),
    );
  });

  it('given any finite doubles, when each is fed, then std and mean equal the naive ones, scaled by magnitude', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.array(finiteValue, { maxLength: 200, size: 'max' }),
        (period, values) => expectMatchesNaive(period, values, 1e-9),
      ),
    );
  });

  it('given a volatile spell followed by a calm one, then the std is accurate at the calm scale', () => {
    // The incremental M2 keeps the rounding errors of the volatile window; the recompute
    // every period updates is what brings the calm window's std back to full accuracy.
    const period = 20;
    const std = new RollingStd(period);
    const volatile = Array.from({ length: 200 }, (_, i) => 1e6 + (i % 2 === 0 ? 1e5 : -1e5) * (1 + i / 1000));
    const calm = Array.from({ length: 3 * period }, (_, i) => 1e6 + ((i * 7) % 5) / 100);
    for (const value of [...volatile, ...calm]) std.update(value);
    const want = naiveStd(calm.slice(-period));
    expect(Math.abs((std.value as number) - want) / want).toBeLessThan(1e-6);
  });

  it("given a spike that leaves a window of zeros, then the std is 0 at once, not the spike's rounding noise", () => {
    // Found by the property above: without the recompute on collapse, the std read 0.018.
    const std = new RollingStd(3);
    for (const value of [3145728.30909979, 0, 0, 0]) std.update(value);
    expect(std.value).toBe(0);
  });

  it('given period values, then it is ready with their population std (divided by n)', () => {
    const std = new RollingStd(4);
    for (const value of [2, 4, 4]) expect(std.update(value)).toBeUndefined();
    expect(std.update(4)).toBeCloseTo(Math.sqrt(0.75), 12); // window 2 4 4 4
    expect(std.update(5)).toBeCloseTo(Math.sqrt(0.1875), 12); // window 4 4 4 5
    expect(std.ready).toBe(true);
    expect(std.mean).toBe(4.25);
    expect(std.latest).toBe(5);
  });

  it('given a constant window, then the std is exactly 0', () => {
    const std = new RollingStd(3);
    for (const value of [65000.1, 65000.1, 65000.1, 65000.1, 65000.1]) std.update(value);
    expect(std.value).toBe(0);
  });

  it('given a period below 2, then it throws RangeError', () => {
    expect(() => new RollingStd(1)).toThrow(/at least 2/);
  });
});
