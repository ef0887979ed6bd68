// Whether a namespace is drained: every consumer group on every partition stream that exists
// has nothing left to read and nothing pending. A handler publishes what it derives before
// its entry is acked, so once every group is drained, nothing more is on its way — provided
// every consumer has started (a consumer's start() creates its groups on every partition):
// a group not created yet is not seen.
import { EVENT_TYPES, partitionKeys } from '@tickflow/events';
import { streamBacklogs } from './backlog.ts';
import type { RedisClient } from './cluster-redis-client.ts';

/** True when at least one group exists and every group has lag 0 and nothing pending. */
export async function namespaceDrained(
  redis: RedisClient,
  namespace: string,
  partitions: number,
): Promise<boolean> {
  let groups = 0;
  for (const type of EVENT_TYPES) {
    for (let p = 0; p < partitions; p++) {
      for (const { lag, pending } of (
        await streamBacklogs(redis, partitionKeys(namespace, type, p).stream)
      ).values()) {
        if (lag !== 0 || pending !== 0) return false;
        groups++;
      }
    }
  }
  return groups > 0;
}
