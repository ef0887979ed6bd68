// fast-check arbitraries shared by the indicator and strategy properties.
import fc from 'fast-check';

/** Any finite double of magnitude up to 1e9, -0 excluded (JSON has none; see withoutNegativeZero). */
export const finiteValue: fc.Arbitrary<number> = fc
  .double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true })
  .map((x) => x + 0);

/** A price on a cent grid, 0.01 to 100 000.00, as prices arrive from decimal strings. */
export const gridPrice: fc.Arbitrary<number> = fc.integer({ min: 1, max: 10_000_000 }).map((c) => c / 100);

/** A positive trade size on a 0.001 grid, up to 1000. */
export const tradeSize: fc.Arbitrary<number> = fc.integer({ min: 1, max: 1_000_000 }).map((s) => s / 1000);

/**
 * A random walk of mid prices in cents: starts between 100.00 and 100 000.00 and moves up
 * to `maxStepCents` per tick, never below 10.00 (a spread of a cent must leave bid > 0).
 */
export function randomWalkCents(options: { minLength: number; maxLength: number; maxStepCents?: number }) {
  const maxStep = options.maxStepCents ?? 50;
  return fc
    .tuple(
      fc.integer({ min: 10_000, max: 10_000_000 }),
      fc.array(fc.integer({ min: -maxStep, max: maxStep }), {
        minLength: options.minLength,
        maxLength: options.maxLength,
        // fast-check's default size keeps arrays near 10 long: too short to slide a window.
        size: 'max',
      }),
    )
    .map(([start, steps]) => {
      const walk: number[] = [];
      let price = start;
      for (const step of steps) {
        price = Math.max(1_000, price + step);
        walk.push(price);
      }
      return walk;
    });
}
