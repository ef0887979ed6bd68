// Simple moving average over the last `period` values: a ring buffer and a compensated
// running sum, so each update is O(1) and the sum never drifts from the window's.
import { z } from 'zod';
import { CompensatedSum, compensatedSumSnapshot } from './compensated-sum.ts';
import { assertFinite, assertPeriod, type ScalarIndicator, withoutNegativeZero } from './indicator.ts';
import { RingBuffer } from './ring-buffer.ts';
import { finite, parseSnapshot, periodOf } from './snapshot-schema.ts';

const smaSnapshot = z
  .strictObject({
    kind: z.literal('sma'),
    period: periodOf(1),
    window: z.array(finite),
    sum: compensatedSumSnapshot,
  })
  .refine((s) => s.window.length <= s.period, { error: 'the window holds more values than the period' });

export type SmaSnapshot = z.infer<typeof smaSnapshot>;

export class Sma implements ScalarIndicator {
  readonly period: number;
  #window: RingBuffer;
  #sum: CompensatedSum;

  /** An SMA over the last `period` values (an integer ≥ 1); ready after `period` updates. */
  constructor(period: number) {
    assertPeriod('Sma', period, 1);
    this.period = period;
    this.#window = new RingBuffer(period);
    this.#sum = new CompensatedSum();
  }

  update(x: number): number | undefined {
    assertFinite('Sma', x);
    const value = withoutNegativeZero(x);
    const evicted = this.#window.push(value);
    this.#sum.add(value);
    if (evicted !== undefined) this.#sum.add(-evicted);
    return this.value;
  }

  get ready(): boolean {
    return this.#window.full;
  }

  get value(): number | undefined {
    return this.ready ? this.#sum.value / this.period : undefined;
  }

  toJSON(): SmaSnapshot {
    return { kind: 'sma', period: this.period, window: this.#window.toArray(), sum: this.#sum.toJSON() };
  }

  /** Rebuilds an Sma from `toJSON()` output; throws RangeError for anything else. */
  static fromJSON(snapshot: unknown): Sma {
    const parsed = parseSnapshot('sma', smaSnapshot, snapshot);
    const sma = new Sma(parsed.period);
    sma.#window = RingBuffer.from(parsed.period, parsed.window);
    sma.#sum = CompensatedSum.fromJSON(parsed.sum);
    return sma;
  }
}
