// An exact decimal: an integer mantissa (`units`) and a count of digits after the point
// (`scale`), so `{ units: 12345n, scale: 2 }` is 123.45. Values are always normalized (no
// trailing zeros in the fraction, scale 0 for zero), so two equal numbers are structurally
// equal and `format` is canonical. bigint has no negative zero, so neither has Decimal.

/** An exact decimal number, value = units × 10^-scale. Immutable; always normalized. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Thrown when text is not an exact decimal (no exponent, no '+', no spaces). */
export class InvalidDecimalError extends Error {
  readonly code = 'INVALID_DECIMAL';
  readonly input: string;
  constructor(input: string) {
    super(`not an exact decimal: ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`);
    this.name = 'InvalidDecimalError';
    this.input = input;
  }
}

/** The normalized decimal `units × 10^-scale` (trailing zeros of the fraction dropped). */
export function fromUnits(units: bigint, scale: number): Decimal {
  if (!Number.isSafeInteger(scale) || scale < 0)
    throw new RangeError(`scale must be a whole number ≥ 0, got ${scale}`);
  if (units === 0n) return ZERO;
  let u = units;
  let s = scale;
  while (s > 0 && u % 10n === 0n) {
    u /= 10n;
    s--;
  }
  return { units: u, scale: s };
}

/**
 * Parses an exact decimal string ("-12.50", "0.0001", "7"). Leading zeros and trailing
 * fraction zeros are accepted and dropped; exponents, '+', and blanks are not.
 */
export function parseDecimal(text: string): Decimal {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) throw new InvalidDecimalError(text);
  const [, sign = '', whole = '', fraction = ''] = match;
  const units = BigInt(`${whole}${fraction}`);
  return fromUnits(sign === '-' ? -units : units, fraction.length);
}

/** `value` as a Decimal: strings are parsed, Decimals pass through, bigints are whole. */
export function toDecimal(value: DecimalLike): Decimal {
  if (typeof value === 'string') return parseDecimal(value);
  if (typeof value === 'bigint') return fromUnits(value, 0);
  return value;
}

/** Anything the money functions accept: a Decimal, its decimal string, or a whole bigint. */
export type DecimalLike = Decimal | string | bigint;

/**
 * The canonical text of `value`: no exponent, no '+', no trailing fraction zeros, no
 * leading zeros beyond one, never "-0". Parsing it gives back the same Decimal.
 */
export function formatDecimal(value: Decimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString();
  if (value.scale === 0) return negative ? `-${digits}` : digits;
  const padded = digits.padStart(value.scale + 1, '0');
  const point = padded.length - value.scale;
  const text = `${padded.slice(0, point)}.${padded.slice(point)}`;
  return negative ? `-${text}` : text;
}

/** Formats with exactly `scale` fraction digits (padding with zeros); `scale` ≥ value's scale. */
export function formatFixed(value: Decimal, scale: number): string {
  if (scale < value.scale)
    throw new RangeError(`formatFixed would drop digits: ${formatDecimal(value)} at scale ${scale}`);
  const units = value.units * 10n ** BigInt(scale - value.scale);
  if (scale === 0) return units.toString();
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const point = digits.length - scale;
  return `${negative ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`;
}

export const ZERO: Decimal = Object.freeze({ units: 0n, scale: 0 });
export const ONE: Decimal = Object.freeze({ units: 1n, scale: 0 });
