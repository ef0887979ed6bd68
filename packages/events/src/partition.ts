// symbol → partition. The mapping is part of the data's layout in Redis: changing it would
// send a symbol's new events to a different stream than its history, breaking per-symbol
// order. So it is fixed by a test table that must never change.
//
// hash = FNV-1a 64-bit over the symbol's UTF-8 bytes; partition = Jump Consistent Hash
// (Lamping & Veach, 2014) of that hash into P buckets. Jump hash moves only ~1/P of the
// symbols when P grows by one, where `hash mod P` would move nearly all of them.

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const JUMP_MULTIPLIER = 2862933555777941757n;
/** The most partitions a namespace may have. */
export const MAX_PARTITIONS = 65_536;
const encoder = new TextEncoder();

/** FNV-1a, 64-bit, of the UTF-8 bytes of `text`. */
export function fnv1a64(text: string): bigint {
  let hash = FNV_OFFSET;
  for (const byte of encoder.encode(text)) {
    hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * FNV_PRIME);
  }
  return hash;
}

/** Jump Consistent Hash: the bucket in [0, buckets) of a 64-bit key. */
export function jumpHash(key: bigint, buckets: number): number {
  let k = key;
  let bucket = -1;
  let next = 0;
  while (next < buckets) {
    bucket = next;
    k = BigInt.asUintN(64, k * JUMP_MULTIPLIER + 1n);
    next = Math.floor(((bucket + 1) * 2 ** 31) / (Number(k >> 33n) + 1));
  }
  return bucket;
}

/** The partition of `symbol` among `partitions` (an integer from 1 to 65,536). Stable forever. */
export function partitionOf(symbol: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PARTITIONS) {
    throw new RangeError(`partitions must be an integer from 1 to ${MAX_PARTITIONS}, got ${partitions}`);
  }
  return jumpHash(fnv1a64(symbol), partitions);
}
