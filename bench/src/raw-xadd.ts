// The raw baseline's writes: `XADD *` of pre-encoded field lists, pipelined. On one Redis one
// pipeline; on a Cluster one pipeline per slot, sent side by side — ioredis refuses a cluster
// pipeline whose keys live on more than one node, and a per-slot pipeline is what a plain
// ioredis user writes (each partition stream is one slot).
import { keySlot } from '@tickflow/streams';
import { Cluster, type Redis } from 'ioredis';
import { execOrThrow } from './redis.ts';

export interface RawEntry {
  readonly stream: string;
  readonly fields: readonly string[];
}

/** Appends every entry (`XADD <stream> * ...fields`); throws on the first failed command. */
export async function xaddAll(client: Redis | Cluster, entries: readonly RawEntry[]): Promise<void> {
  const groups = client instanceof Cluster ? [...groupBySlot(entries).values()] : [entries];
  await Promise.all(
    groups.map((group) => {
      const pipeline = client.pipeline();
      for (const { stream, fields } of group) pipeline.xadd(stream, '*', ...fields);
      return execOrThrow(pipeline);
    }),
  );
}

/** Entries grouped by their stream's cluster slot, each group in the entries' order. */
export function groupBySlot<T extends { readonly stream: string }>(entries: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  const slots = new Map<string, number>();
  for (const entry of entries) {
    let slot = slots.get(entry.stream);
    if (slot === undefined) {
      slot = keySlot(entry.stream);
      slots.set(entry.stream, slot);
    }
    const group = groups.get(slot);
    if (group === undefined) groups.set(slot, [entry]);
    else group.push(entry);
  }
  return groups;
}
