// The pipeline is done when every consumer group on every stream that exists has nothing
// left to read and nothing pending — checked twice in a row, since a service may still be
// about to publish what it just handled.
import { EVENT_TYPES, partitionKeys } from '@tickflow/events';
import type { Redis } from 'ioredis';

export async function pipelineDrained(redis: Redis, namespace: string, partitions: number): Promise<boolean> {
  let groups = 0;
  for (const type of EVENT_TYPES) {
    for (let p = 0; p < partitions; p++) {
      const stream = partitionKeys(namespace, type, p).stream;
      if ((await redis.exists(stream)) === 0) continue;
      for (const info of (await redis.call('XINFO', 'GROUPS', stream)) as unknown[][]) {
        const field = (name: string) => info[info.indexOf(name) + 1];
        if (field('lag') !== 0 || field('pending') !== 0) return false;
        groups++;
      }
    }
  }
  return groups > 0;
}
