// Volume-weighted average price over the last `windowTrades` trades: Σ(price·size) / Σsize,
// each sum a compensated running sum. The product price·size is recomputed from the stored
// pair on eviction; doubles are deterministic, so exactly what was added is taken out.
import { z } from 'zod';
import { CompensatedSum, compensatedSumSnapshot } from './compensated-sum.ts';
import { assertFinite, assertPeriod, type Indicator, withoutNegativeZero } from './indicator.ts';
import { RingBuffer } from './ring-buffer.ts';
import { finite, parseSnapshot, periodOf } from './snapshot-schema.ts';

const vwapSnapshot = z
  .strictObject({
    kind: z.literal('vwap'),
    windowTrades: periodOf(1),
    prices: z.array(finite),
    sizes: z.array(finite.positive()),
    notional: compensatedSumSnapshot,
    volume: compensatedSumSnapshot,
  })
  .refine((s) => s.prices.length === s.sizes.length && s.prices.length <= s.windowTrades, {
    error: 'prices and sizes must pair up, and hold at most windowTrades trades',
  });

export type VwapSnapshot = z.infer<typeof vwapSnapshot>;

export class Vwap implements Indicator {
  readonly windowTrades: number;
  #prices: RingBuffer;
  #sizes: RingBuffer;
  #notional: CompensatedSum;
  #volume: CompensatedSum;

  /** A VWAP over the last `windowTrades` trades (an integer ≥ 1); ready after that many trades. */
  constructor(windowTrades: number) {
    assertPeriod('Vwap', windowTrades, 1);
    this.windowTrades = windowTrades;
    this.#prices = new RingBuffer(windowTrades);
    this.#sizes = new RingBuffer(windowTrades);
    this.#notional = new CompensatedSum();
    this.#volume = new CompensatedSum();
  }

  /**
   * Feeds one trade; returns the new VWAP. Throws RangeError unless `price` is finite and
   * `size` finite and above zero (a zero size would add nothing and could leave Σsize at 0).
   */
  update(price: number, size: number): number | undefined {
    assertFinite('Vwap', price);
    assertFinite('Vwap', size);
    if (size <= 0) throw new RangeError(`Vwap: expected a trade size above zero, got ${size}`);
    const tradePrice = withoutNegativeZero(price);
    const evictedPrice = this.#prices.push(tradePrice);
    const evictedSize = this.#sizes.push(size);
    this.#notional.add(tradePrice * size);
    this.#volume.add(size);
    if (evictedPrice !== undefined && evictedSize !== undefined) {
      this.#notional.add(-(evictedPrice * evictedSize));
      this.#volume.add(-evictedSize);
    }
    return this.value;
  }

  get ready(): boolean {
    return this.#prices.full;
  }

  get value(): number | undefined {
    return this.ready ? this.#notional.value / this.#volume.value : undefined;
  }

  toJSON(): VwapSnapshot {
    return {
      kind: 'vwap',
      windowTrades: this.windowTrades,
      prices: this.#prices.toArray(),
      sizes: this.#sizes.toArray(),
      notional: this.#notional.toJSON(),
      volume: this.#volume.toJSON(),
    };
  }

  /** Rebuilds a Vwap from `toJSON()` output; throws RangeError for anything else. */
  static fromJSON(snapshot: unknown): Vwap {
    const parsed = parseSnapshot('vwap', vwapSnapshot, snapshot);
    const vwap = new Vwap(parsed.windowTrades);
    vwap.#prices = RingBuffer.from(parsed.windowTrades, parsed.prices);
    vwap.#sizes = RingBuffer.from(parsed.windowTrades, parsed.sizes);
    vwap.#notional = CompensatedSum.fromJSON(parsed.notional);
    vwap.#volume = CompensatedSum.fromJSON(parsed.volume);
    return vwap;
  }
}
