// A fixed-size ring buffer of numbers: the last `capacity` values pushed, oldest first when
// read. The page keeps the history of its charts in these, so memory stays bounded however
// long it stays open.

export class Ring {
  constructor(capacity) {
    this.values = new Float64Array(capacity);
    this.start = 0;
    this.length = 0;
  }

  push(value) {
    const capacity = this.values.length;
    if (this.length < capacity) {
      this.values[(this.start + this.length) % capacity] = value;
      this.length++;
    } else {
      this.values[this.start] = value;
      this.start = (this.start + 1) % capacity;
    }
  }

  /** The i-th oldest value kept. */
  at(index) {
    return this.values[(this.start + index) % this.values.length];
  }

  /** The values from the i-th oldest on, as a plain array (what uPlot takes). */
  toArray(from = 0) {
    const out = new Array(Math.max(0, this.length - from));
    for (let i = from; i < this.length; i++) out[i - from] = this.at(i);
    return out;
  }

  clear() {
    this.start = 0;
    this.length = 0;
  }
}
