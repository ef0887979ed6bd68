// Exact arithmetic on Decimals: add, subtract, multiply, compare. Nothing here rounds;
// division and rounding live in rounding.ts and always take an explicit scale and mode.
import { type Decimal, type DecimalLike, fromUnits, toDecimal } from './decimal.ts';

/** `units` of `value` expressed at the larger `scale` (which must be ≥ value.scale). */
function unitsAt(value: Decimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

export function add(a: DecimalLike, b: DecimalLike): Decimal {
  const x = toDecimal(a);
  const y = toDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  return fromUnits(unitsAt(x, scale) + unitsAt(y, scale), scale);
}

export function sub(a: DecimalLike, b: DecimalLike): Decimal {
  const x = toDecimal(a);
  const y = toDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  return fromUnits(unitsAt(x, scale) - unitsAt(y, scale), scale);
}

export function mul(a: DecimalLike, b: DecimalLike): Decimal {
  const x = toDecimal(a);
  const y = toDecimal(b);
  return fromUnits(x.units * y.units, x.scale + y.scale);
}

/** The sum of `values` (zero for none). */
export function sum(values: Iterable<DecimalLike>): Decimal {
  let total = toDecimal(0n);
  for (const value of values) total = add(total, value);
  return total;
}

export function neg(a: DecimalLike): Decimal {
  const x = toDecimal(a);
  return fromUnits(-x.units, x.scale);
}

export function abs(a: DecimalLike): Decimal {
  const x = toDecimal(a);
  return x.units < 0n ? fromUnits(-x.units, x.scale) : x;
}

/** -1, 0 or 1. */
export function sign(a: DecimalLike): -1 | 0 | 1 {
  const units = toDecimal(a).units;
  return units < 0n ? -1 : units > 0n ? 1 : 0;
}

/** -1 if a < b, 0 if equal, 1 if a > b. */
export function compare(a: DecimalLike, b: DecimalLike): -1 | 0 | 1 {
  return sign(sub(a, b));
}

export const eq = (a: DecimalLike, b: DecimalLike): boolean => compare(a, b) === 0;
export const lt = (a: DecimalLike, b: DecimalLike): boolean => compare(a, b) < 0;
export const lte = (a: DecimalLike, b: DecimalLike): boolean => compare(a, b) <= 0;
export const gt = (a: DecimalLike, b: DecimalLike): boolean => compare(a, b) > 0;
export const gte = (a: DecimalLike, b: DecimalLike): boolean => compare(a, b) >= 0;
export const isZero = (a: DecimalLike): boolean => toDecimal(a).units === 0n;

export function min(a: DecimalLike, b: DecimalLike): Decimal {
  return lte(a, b) ? toDecimal(a) : toDecimal(b);
}

export function max(a: DecimalLike, b: DecimalLike): Decimal {
  return gte(a, b) ? toDecimal(a) : toDecimal(b);
}
