// A partition worker's share of the consumer's in-flight limit, with one owner: permits are
// taken before a read; one per entry read is held until that entry's outcome is applied in
// Redis (its ack, or its dead-letter move), the rest are given back at once; whatever is
// still held when the worker ends is given back then. Nothing else takes or gives permits.
import type { InFlightLimit } from './in-flight.ts';

export interface PartitionPermits {
  /** Waits until a permit is free, then takes up to `wanted` for a read; 0 when aborted. */
  forRead(wanted: number, signal: AbortSignal): Promise<number>;
  /** After a read that was given `taken` permits and returned `used` entries: gives back the rest. */
  keep(taken: number, used: number): void;
  /** `count` entries' outcomes were applied: gives back their permits. */
  settled(count: number): void;
  /** The worker is ending: gives back every permit still held. */
  releaseAll(): void;
  readonly held: number;
}

export function partitionPermits(limit: InFlightLimit): PartitionPermits {
  let held = 0;
  const giveBack = (count: number) => {
    if (count <= 0) return;
    held -= count;
    limit.give(count);
  };
  return {
    async forRead(wanted, signal) {
      const taken = await limit.take(wanted, signal);
      held += taken;
      return taken;
    },
    keep: (taken, used) => giveBack(taken - used),
    settled: giveBack,
    releaseAll: () => giveBack(held),
    get held() {
      return held;
    },
  };
}
