// Shared fast-check arbitraries: canonical decimal strings and Decimals.
import fc from 'fast-check';
import { type Decimal, fromUnits } from '../src/money/decimal.ts';

/** Any Decimal with up to `maxScale` fraction digits and a mantissa of up to ~30 digits. */
export function decimalArb(maxScale = 12): fc.Arbitrary<Decimal> {
  return fc
    .record({
      units: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
      scale: fc.integer({ min: 0, max: maxScale }),
    })
    .map(({ units, scale }) => fromUnits(units, scale));
}

/** A positive decimal string with up to `maxScale` fraction digits, at most `maxUnits` units. */
export function positiveDecimalText(maxScale = 4, maxUnits = 10n ** 9n): fc.Arbitrary<string> {
  return fc
    .record({ units: fc.bigInt({ min: 1n, max: maxUnits }), scale: fc.integer({ min: 0, max: maxScale }) })
    .map(({ units, scale }) => {
      const digits = units.toString().padStart(scale + 1, '0');
      const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
      return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
    });
}
