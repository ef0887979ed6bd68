// Naive recomputations the incremental indicators are checked against: each one looks at
// the whole window (or the whole history) again, the obviously-correct slow way.

/** The last `period` values, or undefined when fewer were seen. */
export function lastWindow(values: readonly number[], period: number): number[] | undefined {
  return values.length < period ? undefined : values.slice(values.length - period);
}

export function naiveMean(window: readonly number[]): number {
  // Sorting by magnitude keeps the reference itself accurate for mixed-magnitude inputs.
  const sorted = [...window].sort((a, b) => Math.abs(a) - Math.abs(b));
  let sum = 0;
  for (const value of sorted) sum += value;
  return sum / window.length;
}

/** Two-pass population std. */
export function naiveStd(window: readonly number[]): number {
  const mean = naiveMean(window);
  let m2 = 0;
  for (const value of window) m2 += (value - mean) * (value - mean);
  return Math.sqrt(m2 / window.length);
}

/** EMA with alpha 2/(period+1), seeded with the SMA of the first `period` values. */
export function naiveEma(values: readonly number[], period: number): number | undefined {
  if (values.length < period) return undefined;
  const alpha = 2 / (period + 1);
  let ema = values.slice(0, period).reduce((sum, value) => sum + value, 0) / period;
  for (const value of values.slice(period)) ema = alpha * value + (1 - alpha) * ema;
  return ema;
}

export function naiveVwap(trades: readonly { price: number; size: number }[]): number {
  let notional = 0;
  let volume = 0;
  for (const trade of trades) {
    notional += trade.price * trade.size;
    volume += trade.size;
  }
  return notional / volume;
}

/** The largest magnitude among `values`, at least 1: the scale a tolerance is relative to. */
export function magnitudeOf(values: readonly number[]): number {
  return values.reduce((max, value) => Math.max(max, Math.abs(value)), 1);
}
