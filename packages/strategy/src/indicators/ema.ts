// Exponential moving average with alpha = 2 / (period + 1), seeded with the SMA of the
// first `period` values (as TA-Lib does) rather than with the first value: a first-value
// seed over-weights one tick for a long while, and the SMA seed gives the EMA the same
// warm-up as an SMA of the same period, so `ready` means the same thing for both.
import { z } from 'zod';
import { assertFinite, assertPeriod, type ScalarIndicator, withoutNegativeZero } from './indicator.ts';
import { finite, parseSnapshot, periodOf } from './snapshot-schema.ts';

const emaSnapshot = z
  .strictObject({
    kind: z.literal('ema'),
    period: periodOf(1),
    /** How many seed values have been summed; `period` once seeded. */
    seeded: z.int().min(0),
    seedSum: finite,
    value: finite.nullable(),
  })
  .refine((s) => s.seeded <= s.period && (s.value === null) === s.seeded < s.period, {
    error: 'seeded must be at most period, with a value exactly when seeded equals period',
  });

export type EmaSnapshot = z.infer<typeof emaSnapshot>;

export class Ema implements ScalarIndicator {
  readonly period: number;
  /** The smoothing factor, 2 / (period + 1). */
  readonly alpha: number;
  #seeded = 0;
  #seedSum = 0;
  #value: number | undefined;

  /** An EMA of `period` (an integer ≥ 1); ready after `period` updates, seeded with their SMA. */
  constructor(period: number) {
    assertPeriod('Ema', period, 1);
    this.period = period;
    this.alpha = 2 / (period + 1);
  }

  update(x: number): number | undefined {
    assertFinite('Ema', x);
    const value = withoutNegativeZero(x);
    if (this.#value !== undefined) {
      this.#value += this.alpha * (value - this.#value);
    } else {
      this.#seedSum += value;
      this.#seeded += 1;
      if (this.#seeded === this.period) this.#value = this.#seedSum / this.period;
    }
    return this.#value;
  }

  get ready(): boolean {
    return this.#value !== undefined;
  }

  get value(): number | undefined {
    return this.#value;
  }

  toJSON(): EmaSnapshot {
    return {
      kind: 'ema',
      period: this.period,
      seeded: this.#seeded,
      seedSum: this.#seedSum,
      value: this.#value ?? null,
    };
  }

  /** Rebuilds an Ema from `toJSON()` output; throws RangeError for anything else. */
  static fromJSON(snapshot: unknown): Ema {
    const parsed = parseSnapshot('ema', emaSnapshot, snapshot);
    const ema = new Ema(parsed.period);
    ema.#seeded = parsed.seeded;
    ema.#seedSum = parsed.seedSum;
    ema.#value = parsed.value ?? undefined;
    return ema;
  }
}
