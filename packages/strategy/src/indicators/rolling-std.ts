// Rolling population standard deviation over the last `period` values.
//
// Population (divide by n), not sample (n − 1): the window is the whole population a
// z-score compares the latest value against, as Bollinger bands do.
//
// Numerics. The textbook Σx² − (Σx)²/n cancels catastrophically for prices: at 65000
// with a std of 0.1 it subtracts two numbers of ~4e9·n to get ~0.01·n, losing ~11 of the
// 16 significant digits. Instead M2 = Σ(x − mean)² is updated in place (Welford's update,
// in its sliding-window form: replacing x_old by x_new adds
// (x_new − x_old)·(x_new − mean_new + x_old − mean_old)), whose rounding errors are on
// the scale of the variance, not of the squared prices; the mean comes from a compensated
// sum, so it does not drift. Each update still leaves a rounding error of about ε times the
// M2 of the moment, and those errors add up. Two exact recomputes (two passes over the
// window, O(period)) keep them from mattering:
//  - every `period` full-window updates, so drift never outlives one window (amortized
//    O(1) per update);
//  - when M2 falls below 1/1000 of its peak since the last recompute (a spike has left the
//    window), because the errors made at the peak would otherwise swamp the calm window's
//    M2: a spike of 3e6 leaving a window of zeros left a "std" of 0.018 without it.
import { z } from 'zod';
import { CompensatedSum, compensatedSumSnapshot } from './compensated-sum.ts';
import { assertFinite, assertPeriod, type ScalarIndicator, withoutNegativeZero } from './indicator.ts';
import { RingBuffer } from './ring-buffer.ts';
import { finite, parseSnapshot, periodOf } from './snapshot-schema.ts';

/** M2 below this fraction of its peak since the last recompute is recomputed exactly. */
const COLLAPSE_RATIO = 1e-3;

const rollingStdSnapshot = z
  .strictObject({
    kind: z.literal('rolling-std'),
    period: periodOf(2),
    window: z.array(finite),
    sum: compensatedSumSnapshot,
    m2: finite.min(0),
    updatesSinceRecompute: z.int().min(0),
    m2Peak: finite.min(0),
  })
  .refine((s) => s.window.length <= s.period && s.updatesSinceRecompute < s.period, {
    error: 'the window holds more values than the period, or the recompute is overdue',
  });

export type RollingStdSnapshot = z.infer<typeof rollingStdSnapshot>;

export class RollingStd implements ScalarIndicator {
  readonly period: number;
  #window: RingBuffer;
  #sum: CompensatedSum;
  /** Σ(x − mean)² over the window. */
  #m2 = 0;
  #updatesSinceRecompute = 0;
  /** The largest M2 since the last exact recompute: the scale of the rounding errors M2 carries. */
  #m2Peak = 0;

  /** A population std over the last `period` values (an integer ≥ 2); ready after `period` updates. */
  constructor(period: number) {
    assertPeriod('RollingStd', period, 2);
    this.period = period;
    this.#window = new RingBuffer(period);
    this.#sum = new CompensatedSum();
  }

  update(x: number): number | undefined {
    assertFinite('RollingStd', x);
    const value = withoutNegativeZero(x);
    const previousMean = this.#window.size === 0 ? 0 : this.#sum.value / this.#window.size;
    const evicted = this.#window.push(value);
    this.#sum.add(value);
    if (evicted !== undefined) this.#sum.add(-evicted);
    const mean = this.mean;
    if (evicted === undefined) {
      this.#m2 += (value - previousMean) * (value - mean);
    } else {
      this.#m2 += (value - evicted) * (value - mean + (evicted - previousMean));
      this.#updatesSinceRecompute += 1;
    }
    // A rounding-negative M2 is below any peak's fraction too, so it never survives an update.
    if (this.#updatesSinceRecompute === this.period || this.#m2 < this.#m2Peak * COLLAPSE_RATIO) {
      this.#recomputeM2();
    }
    this.#m2Peak = Math.max(this.#m2Peak, this.#m2);
    return this.value;
  }

  get ready(): boolean {
    return this.#window.full;
  }

  get value(): number | undefined {
    return this.ready ? Math.sqrt(this.#m2 / this.period) : undefined;
  }

  /** The window's mean (0 when empty); defined during warm-up too. */
  get mean(): number {
    return this.#window.size === 0 ? 0 : this.#sum.value / this.#window.size;
  }

  /** The value fed last, or undefined before the first update. */
  get latest(): number | undefined {
    return this.#window.newest;
  }

  toJSON(): RollingStdSnapshot {
    return {
      kind: 'rolling-std',
      period: this.period,
      window: this.#window.toArray(),
      sum: this.#sum.toJSON(),
      m2: this.#m2,
      updatesSinceRecompute: this.#updatesSinceRecompute,
      m2Peak: this.#m2Peak,
    };
  }

  /** Rebuilds a RollingStd from `toJSON()` output; throws RangeError for anything else. */
  static fromJSON(snapshot: unknown): RollingStd {
    const parsed = parseSnapshot('rolling-std', rollingStdSnapshot, snapshot);
    const std = new RollingStd(parsed.period);
    std.#window = RingBuffer.from(parsed.period, parsed.window);
    std.#sum = CompensatedSum.fromJSON(parsed.sum);
    std.#m2 = parsed.m2;
    std.#updatesSinceRecompute = parsed.updatesSinceRecompute;
    std.#m2Peak = parsed.m2Peak;
    return std;
  }

  #recomputeM2(): void {
    const mean = this.mean;
    let m2 = 0;
    for (const value of this.#window.toArray()) m2 += (value - mean) * (value - mean);
    this.#m2 = m2;
    this.#m2Peak = m2;
    this.#updatesSinceRecompute = 0;
  }
}
