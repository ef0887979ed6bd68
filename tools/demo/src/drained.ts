// The pipeline is done when every consumer group on every stream that exists has nothing
// left to read and nothing pending — checked twice in a row, since a service may still be
// about to publish what it just handled.
import { EVENT_TYPES, partitionKeys } from '@tickflow/events';
import { streamBacklogs } from '@tickflow/streams';
import type { Redis } from 'ioredis';

export async function pipelineDrained(redis: Redis, namespace: string, partitions: number): Promise<boolean> {
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
