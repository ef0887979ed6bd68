// Where a rewind puts one partition: the first kept entry at or after what was asked (never
// before the oldest kept entry, never after the group's position), the group position just
// before it, and how many entries the group will be handed again — counted, a page at a time.
import type { RedisClient } from '@tickflow/streams';
import { BEFORE_ALL, compareEntryIds } from '../entry-ids.ts';
import type { GroupPosition } from './group-positions.ts';
import type { RewindTarget } from './rewind-types.ts';

export interface ResolvedTarget {
  readonly target: string;
  readonly firstRedelivered: string | null;
  readonly redeliver: number;
  readonly clamped: string | null;
}

const COUNT_PAGE = 1_000;

export async function resolveTarget(
  redis: RedisClient,
  stream: string,
  to: RewindTarget,
  position: GroupPosition,
): Promise<ResolvedTarget> {
  const { lastDeliveredId } = position;
  const asked = to === 'start' ? '-' : 'id' in to ? to.id : `${to.timeMs}-0`;
  const [first] = await redis.xrange(stream, asked, '+', 'COUNT', 1);
  if (first === undefined || compareEntryIds(first[0], lastDeliveredId) > 0) {
    return {
      target: lastDeliveredId,
      firstRedelivered: null,
      redeliver: 0,
      clamped:
        lastDeliveredId === BEFORE_ALL
          ? 'the group has not been handed any entry yet: nothing to deliver again'
          : `nothing was handed to the group at or after ${asked === '-' ? 'the start' : asked}: the group stays at ${lastDeliveredId}`,
    };
  }
  const firstId = first[0];
  const [before] = await redis.xrevrange(stream, `(${firstId}`, '-', 'COUNT', 1);
  let clamped: string | null = null;
  if (before === undefined) {
    const lost = position.entriesAdded - position.length;
    if (asked !== '-' && compareEntryIds(asked, firstId) < 0 && lost > 0) {
      clamped = `${asked} is before the oldest kept entry ${firstId} (${lost} older entries were trimmed or deleted): the rewind starts at ${firstId}`;
    } else if (asked === '-' && lost > 0) {
      clamped = `the oldest kept entry is ${firstId}: ${lost} older entries were trimmed or deleted`;
    }
  }
  return {
    target: before?.[0] ?? BEFORE_ALL,
    firstRedelivered: firstId,
    redeliver: await countRange(redis, stream, firstId, lastDeliveredId),
    clamped,
  };
}

/** Entries of `stream` from `from` to `to`, both included. */
async function countRange(redis: RedisClient, stream: string, from: string, to: string): Promise<number> {
  let total = 0;
  let start = from;
  for (;;) {
    const page = await redis.xrange(stream, start, to, 'COUNT', COUNT_PAGE);
    total += page.length;
    const last = page.at(-1);
    if (page.length < COUNT_PAGE || last === undefined) return total;
    start = `(${last[0]}`;
  }
}
