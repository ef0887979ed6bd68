import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, compare, mul, neg, sub } from '../src/money/arithmetic.ts';
import {
  formatDecimal,
  formatFixed,
  fromUnits,
  InvalidDecimalError,
  ONE,
  parseDecimal,
  ZERO,
} from '../src/money/decimal.ts';
import { DivisionByZeroError, div, type RoundingMode, round, roundToStep } from '../src/money/rounding.ts';
import { decimalArb } from './arbitraries.ts';

const text = (value: Parameters<typeof formatDecimal>[0]) => formatDecimal(value);

describe('parse and format', () => {
  it.each([
    ['0', '0'],
    ['-0', '0'],
    ['-0.000', '0'],
    ['00012.3400', '12.34'],
    ['0.1', '0.1'],
    ['-0.00000001', '-0.00000001'],
    ['123456789012345678901234567890.123456789', '123456789012345678901234567890.123456789'],
    ['1.0', '1'],
    ['100', '100'],
  ])('%s reads back canonically as %s', (input, canonical) => {
    expect(formatDecimal(parseDecimal(input))).toBe(canonical);
  });

  it.each(['', '1e5', '+1', ' 1', '1.', '.5', '1,5', 'NaN', '--1', '0x10'])('rejects %j', (input) => {
    expect(() => parseDecimal(input)).toThrow(InvalidDecimalError);
  });

  it('formats with a fixed scale when asked', () => {
    expect(formatFixed(parseDecimal('1.5'), 3)).toBe('1.500');
    expect(formatFixed(parseDecimal('-0.05'), 2)).toBe('-0.05');
    expect(() => formatFixed(parseDecimal('1.25'), 1)).toThrow(RangeError);
  });

  it('normalizes: equal values are structurally equal', () => {
    expect(fromUnits(1500n, 3)).toEqual(parseDecimal('1.5'));
    expect(fromUnits(0n, 7)).toEqual(ZERO);
  });

  it('round trip string → value → string is canonical and stable', () => {
    fc.assert(
      fc.property(decimalArb(), (value) => {
        const once = formatDecimal(value);
        expect(once).toMatch(/^-?(0|[1-9]\d*)(\.\d*[1-9])?$/);
        expect(once).not.toBe('-0');
        expect(parseDecimal(once)).toEqual(value);
        expect(formatDecimal(parseDecimal(once))).toBe(once);
      }),
    );
  });

  it('any decimal string with padding zeros reads to the same value', () => {
    fc.assert(
      fc.property(decimalArb(), fc.nat(5), (value, extra) => {
        const padded = formatFixed(value, value.scale + extra);
        expect(parseDecimal(padded)).toEqual(value);
      }),
    );
  });
});

describe('exact arithmetic', () => {
  it('0.1 + 0.2 is exactly 0.3', () => {
    expect(text(add('0.1', '0.2'))).toBe('0.3');
  });

  it('multiplies exactly', () => {
    expect(text(mul('1.1', '1.1'))).toBe('1.21');
    expect(text(mul('-0.5', '0.2'))).toBe('-0.1');
  });

  it('add and sub are inverse', () => {
    fc.assert(
      fc.property(decimalArb(), decimalArb(), (a, b) => {
        expect(sub(add(a, b), b)).toEqual(a);
      }),
    );
  });

  it('mul by one is identity, by zero is zero', () => {
    fc.assert(
      fc.property(decimalArb(), (a) => {
        expect(mul(a, ONE)).toEqual(a);
        expect(mul(a, ZERO)).toEqual(ZERO);
      }),
    );
  });

  it('add is commutative and associative', () => {
    fc.assert(
      fc.property(decimalArb(), decimalArb(), decimalArb(), (a, b, c) => {
        expect(add(a, b)).toEqual(add(b, a));
        expect(add(add(a, b), c)).toEqual(add(a, add(b, c)));
      }),
    );
  });

  it('agrees with BigInt arithmetic on integers scaled to a common scale', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt(), fc.integer({ min: 0, max: 18 }), (x, y, scale) => {
        const a = fromUnits(x, scale);
        const b = fromUnits(y, scale);
        expect(add(a, b)).toEqual(fromUnits(x + y, scale));
        expect(sub(a, b)).toEqual(fromUnits(x - y, scale));
        expect(mul(a, b)).toEqual(fromUnits(x * y, 2 * scale));
        expect(compare(a, b)).toBe(x < y ? -1 : x > y ? 1 : 0);
      }),
    );
  });

  it('never produces negative zero', () => {
    fc.assert(
      fc.property(decimalArb(), (a) => {
        expect(text(add(a, neg(a)))).toBe('0');
      }),
    );
  });
});

describe('rounding and division', () => {
  const cases: Array<[string, RoundingMode, string]> = [
    ['2.5', 'half-even', '2'],
    ['3.5', 'half-even', '4'],
    ['-2.5', 'half-even', '-2'],
    ['2.51', 'half-even', '3'],
    ['2.5', 'half-up', '3'],
    ['-2.5', 'half-up', '-3'],
    ['2.9', 'down', '2'],
    ['-2.9', 'down', '-2'],
    ['2.1', 'up', '3'],
    ['-2.1', 'up', '-3'],
    ['-2.1', 'floor', '-3'],
    ['2.9', 'floor', '2'],
    ['-2.9', 'ceiling', '-2'],
    ['2.1', 'ceiling', '3'],
    ['-0.4', 'half-even', '0'],
  ];
  it.each(cases)('round(%s, %s) to scale 0 is %s', (value, rounding, expected) => {
    expect(text(round(value, { scale: 0, rounding }))).toBe(expected);
  });

  it('rounds half-even by default and keeps values that already fit', () => {
    expect(text(round('0.125', { scale: 2 }))).toBe('0.12');
    expect(text(round('0.135', { scale: 2 }))).toBe('0.14');
    expect(text(round('0.1', { scale: 4 }))).toBe('0.1');
  });

  it('divides to an explicit scale', () => {
    expect(text(div('1', '3', { scale: 4 }))).toBe('0.3333');
    expect(text(div('2', '3', { scale: 4 }))).toBe('0.6667');
    expect(text(div('2', '3', { scale: 4, rounding: 'down' }))).toBe('0.6666');
    expect(text(div('-1', '8', { scale: 2 }))).toBe('-0.12');
    expect(text(div('10', '0.25', { scale: 0 }))).toBe('40');
    expect(text(div('0.0001', '1000', { scale: 2 }))).toBe('0');
  });

  it('throws a typed error on division by zero', () => {
    expect(() => div('1', '0', { scale: 2 })).toThrow(DivisionByZeroError);
  });

  it('rounds to a step (lot or tick)', () => {
    expect(text(roundToStep('1.37', '0.25', 'down'))).toBe('1.25');
    expect(text(roundToStep('-1.37', '0.25', 'down'))).toBe('-1.25');
    expect(text(roundToStep('1.37', '0.25', 'up'))).toBe('1.5');
  });

  it('division rounded down never exceeds the exact quotient, and is within one unit', () => {
    fc.assert(
      fc.property(decimalArb(), decimalArb(), fc.integer({ min: 0, max: 10 }), (a, b, scale) => {
        fc.pre(b.units !== 0n);
        const q = div(a, b, { scale, rounding: 'floor' });
        const unit = fromUnits(1n, scale);
        const positiveB = b.units > 0n;
        // q·b ≤ a < (q + unit)·b for b > 0, reversed for b < 0
        const low = mul(q, b);
        const high = mul(add(q, unit), b);
        if (positiveB) {
          expect(compare(low, a)).toBeLessThanOrEqual(0);
          expect(compare(a, high)).toBeLessThan(0);
        } else {
          expect(compare(low, a)).toBeGreaterThanOrEqual(0);
          expect(compare(a, high)).toBeGreaterThan(0);
        }
      }),
    );
  });
});
