// The pipeline's consumer groups as Redis sees them (XINFO GROUPS on every partition stream
// of every event type): how much is queued and whether every group is there.
import { EVENT_TYPES, type EventType, partitionKeys } from '@tickflow/events';
import { type Backlog, streamBacklogs } from '@tickflow/streams';
import type { Redis } from 'ioredis';
import { PARTITIONS } from '../options.ts';

/** Consumer groups expected on each partition stream of a type once the pipeline is up. */
export type ExpectedGroups = Partial<Record<EventType, number>>;

/** Every group on every partition stream of `type`, partition by partition. */
async function typeBacklogs(redis: Redis, namespace: string, type: EventType): Promise<Backlog[][]> {
  const partitions = Array.from({ length: PARTITIONS }, (_, p) => partitionKeys(namespace, type, p).stream);
  const maps = await Promise.all(partitions.map((stream) => streamBacklogs(redis, stream)));
  return maps.map((groups) => [...groups.values()]);
}

/** Entries queued across all groups: not yet delivered (lag) plus delivered, not acked (pending). */
export async function queued(redis: Redis, namespace: string): Promise<number> {
  const all = await Promise.all(EVENT_TYPES.map((type) => typeBacklogs(redis, namespace, type)));
  return all.flat(2).reduce((sum, { lag, pending }) => sum + (lag ?? 0) + pending, 0);
}

/** True once every partition stream carries the groups expected on it (its consumers own it). */
export async function groupsReady(
  redis: Redis,
  namespace: string,
  expected: ExpectedGroups,
): Promise<boolean> {
  for (const [type, count] of Object.entries(expected) as [EventType, number][]) {
    const partitions = await typeBacklogs(redis, namespace, type);
    if (partitions.some((groups) => groups.length < count)) return false;
  }
  return true;
}
