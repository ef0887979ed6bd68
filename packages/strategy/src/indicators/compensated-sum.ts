// A running sum that adds and later subtracts the same values forever without drifting.
// A plain `sum += x; sum -= evicted` loses up to one rounding error per step, and a
// strategy's indicators live as long as its snapshots do (months of ticks), so the error
// would grow without bound. Neumaier's compensation keeps the lost low-order bits in a
// second double: the error stays about 2ε·|sum|, however many values went through.
import { z } from 'zod';
import { finite } from './snapshot-schema.ts';

export const compensatedSumSnapshot = z.strictObject({ sum: finite, compensation: finite });

/** Plain-JSON form of a CompensatedSum. */
export type CompensatedSumSnapshot = z.infer<typeof compensatedSumSnapshot>;

export class CompensatedSum {
  #sum = 0;
  #compensation = 0;

  /** Adds `x` (subtract by adding `-x`). O(1). */
  add(x: number): void {
    const total = this.#sum + x;
    // Whichever operand is smaller in magnitude lost bits in `total`; recover them.
    this.#compensation += Math.abs(this.#sum) >= Math.abs(x) ? this.#sum - total + x : x - total + this.#sum;
    this.#sum = total;
  }

  get value(): number {
    return this.#sum + this.#compensation;
  }

  toJSON(): CompensatedSumSnapshot {
    return { sum: this.#sum, compensation: this.#compensation };
  }

  static fromJSON(snapshot: CompensatedSumSnapshot): CompensatedSum {
    const restored = new CompensatedSum();
    restored.#sum = snapshot.sum;
    restored.#compensation = snapshot.compensation;
    return restored;
  }
}
