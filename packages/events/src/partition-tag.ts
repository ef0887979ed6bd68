// The hash tag of a partition: which Redis Cluster slot, hence which master, its keys live on.
// CRC16 of the plain tag `live:md:3` scatters partitions pseudo-randomly (8 partitions over 3
// masters fell 4/2/2), so the tag carries a suffix chosen to land it near a target slot:
// `live:md:3~1234`. Targets follow the van der Corput sequence (bit reversal of the partition
// number), so the first N of them, for any power of two N, are evenly spaced over the slots
// and an even split of the slots over M masters gives each ⌊N/M⌋ or ⌈N/M⌉ partitions.
// The target depends on the partition only: a partition's four streams (md, sig, ord, fill)
// sit within SLOT_WINDOW slots of each other in every namespace, so on one master unless a
// slot range ends between them (with an even split: never for up to 16 partitions on up to 66
// masters).
//
// FROZEN: the target, the window, the separator and the search order are part of every key's
// name. Changing any of them renames every partition key, and a store written before could
// no longer be read (docs/decisions/0028-partition-hash-tags.md).
import { CLUSTER_SLOTS, crc16OfText } from './cluster-slot.ts';

/** Between the readable tag and its suffix: URL-safe, no glob or regex meaning, not in a namespace. */
export const TAG_SUFFIX_SEPARATOR = '~';
/** The tag's slot is in [target, target + SLOT_WINDOW): ~1 000 tries per tag instead of ~16 000 for an exact slot. */
export const SLOT_WINDOW = 16;
const PARTITION_BITS = 16;
// No prefix needs more than a few thousand tries (about 1 in 1 000 succeeds); the bound only
// turns an impossible endless loop into an error.
const MAX_SUFFIX = 100_000_000;
// Tags are cheap to recompute (tens of microseconds); the cache keeps the hot paths (a publish,
// a replayed event) to a map lookup and starts over rather than grow without end.
const CACHE_SIZE = 100_000;
const tags = new Map<string, string>();

/** The slot partition `partition` (0 to 65 535) aims at: its 16-bit reversal, scaled to the slots. */
export function partitionTargetSlot(partition: number): number {
  let reversed = 0;
  for (let bit = 0; bit < PARTITION_BITS; bit++)
    reversed |= ((partition >> bit) & 1) << (PARTITION_BITS - 1 - bit);
  return Math.floor((reversed * CLUSTER_SLOTS) / 2 ** PARTITION_BITS);
}

/**
 * The hash tag of `partition` of the stream tagged `streamTag` in `namespace`:
 * `<namespace>:<streamTag>:<partition>~<k>`, with k the smallest non-negative integer whose
 * tag hashes into [target, target + SLOT_WINDOW) (modulo the slot count). Arguments are
 * checked by the caller (partitionKeys).
 */
export function partitionHashTag(namespace: string, streamTag: string, partition: number): string {
  const readable = `${namespace}:${streamTag}:${partition}`;
  let tag = tags.get(readable);
  if (tag === undefined) {
    tag = searchTag(readable, partitionTargetSlot(partition));
    if (tags.size >= CACHE_SIZE) tags.clear();
    tags.set(readable, tag);
  }
  return tag;
}

function searchTag(readable: string, target: number): string {
  const prefix = `${readable}${TAG_SUFFIX_SEPARATOR}`;
  const prefixCrc = crc16OfText(prefix);
  for (let suffix = 0; suffix < MAX_SUFFIX; suffix++) {
    const slot = crc16OfText(String(suffix), prefixCrc) % CLUSTER_SLOTS;
    if ((slot - target + CLUSTER_SLOTS) % CLUSTER_SLOTS < SLOT_WINDOW) return `${prefix}${suffix}`;
  }
  throw new Error(`no hash tag suffix of ${readable} lands in slots ${target}+${SLOT_WINDOW}`);
}
