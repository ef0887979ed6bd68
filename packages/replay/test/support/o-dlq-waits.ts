// Conditions the dead-letter tests wait on: how many dead letters a namespace's market-data
// partitions hold, and whether a group has applied everything on them.
import { partitionKeys } from '@tickflow/events';
import type { Redis } from 'ioredis';
import { caughtUp } from './o-inspect.ts';
import { range } from './o-ticks.ts';

export async function deadLetterCount(redis: Redis, namespace: string, partitions: number): Promise<number> {
  let total = 0;
  for (const p of range(0, partitions))
    total += await redis.xlen(partitionKeys(namespace, 'market_data', p).deadLetter);
  return total;
}

/** Every market-data partition of `namespace`: nothing pending, checkpoint at the last entry. */
export async function allCaughtUp(
  redis: Redis,
  namespace: string,
  partitions: number,
  group: string,
): Promise<boolean> {
  for (const p of range(0, partitions)) {
    const keys = partitionKeys(namespace, 'market_data', p);
    if (!(await caughtUp(redis, keys.stream, keys.checkpoint(group), group))) return false;
  }
  return true;
}
