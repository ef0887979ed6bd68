// The newest fills of a scope, newest first: one XREVRANGE per fill partition in one round
// trip, merged by entry id. Only the envelope fields the monitor needs are read (id, key):
// nothing is decoded.
import { partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { appendMsOf, compareEntryIds } from '../entry-ids.ts';
import { readPages } from '../query/raw-entries.ts';
import { allPartitions, type Scope } from '../scope.ts';
import { fieldOf } from '../selection/redis-replies.ts';

export interface RecentFill {
  readonly id: string;
  readonly symbol: string;
  readonly entryId: string;
  /** When Redis appended it, ms since the epoch. */
  readonly appendMs: number;
}

/** At most `count` fills, newest first; entries without an id or key (not events) are left out. */
export async function newestFills(redis: RedisClient, scope: Scope, count: number): Promise<RecentFill[]> {
  if (count < 1) return [];
  const pages = await readPages(
    redis,
    allPartitions(scope).map((partition) => ({
      stream: partitionKeys(scope.namespace, 'fill', partition).stream,
      low: '-',
      high: '+',
      direction: 'backward' as const,
      count,
    })),
  );
  return pages
    .flat()
    .sort(([a], [b]) => compareEntryIds(b, a))
    .flatMap(([entryId, fields]) => {
      const id = fieldOf(fields, 'id');
      const symbol = fieldOf(fields, 'key');
      return id === undefined || symbol === undefined
        ? []
        : [{ id, symbol, entryId, appendMs: appendMsOf(entryId) }];
    })
    .slice(0, count);
}
