// What every indicator shares. Indicators work in JS doubles, not exact decimals: they
// drive decisions (when to signal), never money, and the same doubles in the same order
// give the same results on every run, which is what replay needs.
/** Every indicator's plain-JSON snapshot names its kind, so a state walk can rebuild it. */
export interface IndicatorSnapshot {
  readonly kind: string;
}

/** An incremental indicator: O(1) work per update, snapshot-able as plain JSON. */
export interface Indicator {
  /** The latest output; undefined until warmed up. */
  readonly value: number | undefined;
  /** True once enough input has been seen for `value` to be defined. */
  readonly ready: boolean;
  /** Plain JSON from which the indicator's `fromJSON` rebuilds an identical one. */
  toJSON(): IndicatorSnapshot;
}

/** An indicator fed one number per update (a price). */
export interface ScalarIndicator extends Indicator {
  /** Feeds one value; returns the new `value`. Throws RangeError for NaN or ±Infinity. */
  update(x: number): number | undefined;
}

/** Throws RangeError unless `period` is an integer of at least `min`. */
export function assertPeriod(what: string, period: number, min: number): void {
  if (!Number.isInteger(period) || period < min) {
    throw new RangeError(`${what}: period must be an integer of at least ${min}, got ${period}`);
  }
}

/**
 * Throws RangeError for NaN and ±Infinity: one of them would poison the running sums for
 * good, and it would be restored from every later snapshot too.
 */
export function assertFinite(what: string, x: number): void {
  if (!Number.isFinite(x)) throw new RangeError(`${what}: expected a finite number, got ${x}`);
}

/**
 * JSON has no -0, so a -0 fed in would come back from a snapshot as +0 and could change a
 * later output's sign. Adding +0 turns -0 into +0 and leaves every other value alone.
 */
export function withoutNegativeZero(x: number): number {
  return x + 0;
}
