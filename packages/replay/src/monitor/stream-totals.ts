// How many entries each type's streams ever took, in one round trip: XINFO STREAM's
// `entries-added` counts every append since the stream was created, so a rate computed from
// it stays right while retention trims (XLEN would fall and show a negative rate).
import { EVENT_TYPES, type EventType, partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { serverMs } from '../groups/group-replies.ts';
import { allPartitions, type Scope } from '../scope.ts';
import { isNoSuchKey, type Outcome, outcomes, replyField, replyOf } from '../selection/redis-replies.ts';

export interface StreamTotals {
  /** Redis' clock when they were read, ms. */
  readonly atMs: number;
  readonly totals: Record<EventType, number>;
}

export async function readStreamTotals(redis: RedisClient, scope: Scope): Promise<StreamTotals> {
  const streams = EVENT_TYPES.flatMap((type) =>
    allPartitions(scope).map((partition) => partitionKeys(scope.namespace, type, partition)),
  );
  const pipeline = redis.pipeline().time();
  for (const keys of streams) pipeline.call('XINFO', 'STREAM', keys.stream);
  const [time, ...replies] = await outcomes(pipeline, 1 + streams.length);
  const totals = Object.fromEntries(EVENT_TYPES.map((type) => [type, 0])) as Record<EventType, number>;
  for (const [at, keys] of streams.entries()) {
    const [error, reply] = replies[at] as Outcome;
    if (error && isNoSuchKey(error)) continue;
    if (error) throw error;
    totals[keys.type] += addedOf(reply as unknown[]);
  }
  return { atMs: serverMs(replyOf(time as Outcome)), totals };
}

/** entries-added (Redis 7.0 and later); the length on an older server, which has no such count. */
function addedOf(info: readonly unknown[]): number {
  const added = replyField(info, 'entries-added');
  return Number(added ?? replyField(info, 'length') ?? 0);
}
