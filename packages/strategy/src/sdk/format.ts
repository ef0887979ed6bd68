// Numbers for signals: strengths as the decimal strings the Signal schema takes, and
// indicator values as short, deterministic text for reasons.

/**
 * `x` clamped to [0, 1] as a decimal string of at most `maxDecimals` (default 4) decimals,
 * trailing zeros dropped: 0.62345 → "0.6235", 1.7 → "1", 0.5 → "0.5". Throws RangeError for NaN.
 */
export function formatStrength(x: number, maxDecimals = 4): string {
  if (Number.isNaN(x)) throw new RangeError('a strength cannot be NaN');
  return trimZeros(Math.min(1, Math.max(0, x)).toFixed(maxDecimals));
}

/**
 * `x` with `significantDigits` (default 10) significant digits, trailing zeros dropped,
 * for reasons: 9681.930000000001 → "9681.93". Exponent notation only far from 1 (1e21, 1e-7).
 */
export function formatForReason(x: number, significantDigits = 10): string {
  return String(Number(x.toPrecision(significantDigits)));
}

/** `x` with exactly `decimals` decimals (for reasons: z=2.134); never "-0.000". */
export function formatFixed(x: number, decimals: number): string {
  const text = x.toFixed(decimals);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

function trimZeros(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/\.?0+$/, '') : decimal;
}
