// Small numeric helpers for the scenarios.

/** The q-quantile (0..1) of `values` by the nearest-rank method; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.toSorted((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Wall-clock ms since the epoch with sub-ms resolution; comparable across processes. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Events per second. */
export function rate(events: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (events * 1000) / elapsedMs : 0;
}

/** Busy-waits for `us` microseconds: a handler doing CPU work. */
export function spin(us: number): void {
  const until = performance.now() + us / 1000;
  while (performance.now() < until) {
    // busy
  }
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
