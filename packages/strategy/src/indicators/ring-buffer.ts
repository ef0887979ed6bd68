// A fixed-capacity window of the latest numbers: push is O(1) and hands back the value it
// evicted, so the indicators can take it out of their running sums.

export class RingBuffer {
  readonly capacity: number;
  readonly #items: number[] = [];
  /** Index of the oldest item once the buffer is full (before that, items start at 0). */
  #oldest = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Appends `x`; returns the oldest value when that push evicted it, else undefined. */
  push(x: number): number | undefined {
    if (this.#items.length < this.capacity) {
      this.#items.push(x);
      return undefined;
    }
    const evicted = this.#items[this.#oldest];
    this.#items[this.#oldest] = x;
    this.#oldest = (this.#oldest + 1) % this.capacity;
    return evicted;
  }

  get size(): number {
    return this.#items.length;
  }

  get full(): boolean {
    return this.#items.length === this.capacity;
  }

  /** The value pushed last, or undefined when empty. */
  get newest(): number | undefined {
    if (this.#items.length === 0) return undefined;
    return this.#items[(this.#oldest + this.#items.length - 1) % this.#items.length];
  }

  /** The values, oldest first: the canonical order snapshots store. */
  toArray(): number[] {
    return [...this.#items.slice(this.#oldest), ...this.#items.slice(0, this.#oldest)];
  }

  /** A buffer holding `values` (oldest first); throws RangeError when they exceed `capacity`. */
  static from(capacity: number, values: readonly number[]): RingBuffer {
    if (values.length > capacity) {
      throw new RangeError(`a window of ${capacity} cannot hold ${values.length} values`);
    }
    const buffer = new RingBuffer(capacity);
    for (const value of values) buffer.push(value);
    return buffer;
  }
}
