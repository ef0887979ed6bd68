// The only places a Decimal loses digits: rounding to a scale, and division. Both take the
// scale and the rounding mode explicitly, so every rounding in the codebase is visible at
// its call site. Money defaults to half-even (banker's rounding): unbiased over many fills.
import { type Decimal, type DecimalLike, fromUnits, toDecimal } from './decimal.ts';

/**
 * - `half-even`: to nearest, ties to the even neighbour (the money default)
 * - `half-up`: to nearest, ties away from zero
 * - `down`: toward zero (truncate); `up`: away from zero
 * - `floor`: toward −∞; `ceiling`: toward +∞
 */
export type RoundingMode = 'half-even' | 'half-up' | 'down' | 'up' | 'floor' | 'ceiling';

export interface RoundingOptions {
  /** Digits after the point in the result (≥ 0). */
  scale: number;
  /** Default `half-even`. */
  rounding?: RoundingMode;
}

/** Thrown on division by zero. */
export class DivisionByZeroError extends Error {
  readonly code = 'DIVISION_BY_ZERO';
  constructor() {
    super('division by zero');
    this.name = 'DivisionByZeroError';
  }
}

/** The integer quotient n / d (d ≠ 0) rounded by `mode`. */
function divideUnits(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const q = n / d; // truncates toward zero
  const r = n % d;
  if (r === 0n) return q;
  const positive = n < 0n === d < 0n;
  const away = positive ? q + 1n : q - 1n;
  const twiceRemainder = 2n * (r < 0n ? -r : r);
  const absDivisor = d < 0n ? -d : d;
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return away;
    case 'floor':
      return positive ? q : away;
    case 'ceiling':
      return positive ? away : q;
    case 'half-up':
      return twiceRemainder >= absDivisor ? away : q;
    case 'half-even':
      if (twiceRemainder > absDivisor) return away;
      if (twiceRemainder < absDivisor) return q;
      return q % 2n === 0n ? q : away;
  }
}

function checkScale(scale: number): void {
  if (!Number.isSafeInteger(scale) || scale < 0)
    throw new RangeError(`scale must be a whole number ≥ 0, got ${scale}`);
}

/** `value` rounded to `scale` digits after the point (exact when it already fits). */
export function round(value: DecimalLike, { scale, rounding = 'half-even' }: RoundingOptions): Decimal {
  checkScale(scale);
  const x = toDecimal(value);
  if (x.scale <= scale) return x;
  return fromUnits(divideUnits(x.units, 10n ** BigInt(x.scale - scale), rounding), scale);
}

/** a / b rounded to `scale` digits after the point. Throws DivisionByZeroError when b is 0. */
export function div(
  a: DecimalLike,
  b: DecimalLike,
  { scale, rounding = 'half-even' }: RoundingOptions,
): Decimal {
  checkScale(scale);
  const x = toDecimal(a);
  const y = toDecimal(b);
  if (y.units === 0n) throw new DivisionByZeroError();
  // a / b = (xu / 10^xs) / (yu / 10^ys); scaled to 10^scale: xu × 10^(scale + ys − xs) / yu.
  const shift = scale + y.scale - x.scale;
  const numerator = shift >= 0 ? x.units * 10n ** BigInt(shift) : x.units;
  const denominator = shift >= 0 ? y.units : y.units * 10n ** BigInt(-shift);
  return fromUnits(divideUnits(numerator, denominator, rounding), scale);
}

/** `value` rounded to a whole multiple of `step` (> 0), e.g. a lot or tick size. */
export function roundToStep(value: DecimalLike, step: DecimalLike, rounding: RoundingMode): Decimal {
  const x = toDecimal(value);
  const s = toDecimal(step);
  if (s.units <= 0n) throw new RangeError('step must be greater than zero');
  const count = div(x, s, { scale: 0, rounding });
  return fromUnits(count.units * s.units, s.scale);
}
