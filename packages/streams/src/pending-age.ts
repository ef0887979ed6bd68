// How long the oldest unacked entry of a group has existed, for the oldest-pending gauge: a
// pending count alone cannot tell a busy consumer from one stuck on an entry.
//
// XPENDING's summary names the smallest pending id; its ms part is the entry's append time
// by Redis' clock (publish.lua appends with `*`). So the age is measured against Redis'
// clock too, with TIME in the same pipeline: no skew between this host and Redis. It counts
// from the append, not the delivery: the time an entry waited in the stream before being
// read is part of how late its work is.
import type { RedisClient } from './cluster-redis-client.ts';
import { pipelineReply } from './pipeline-reply.ts';
import { entryIdMs } from './stream-ids.ts';

/**
 * Milliseconds since the oldest entry pending in `group` on `stream` was appended, by Redis'
 * clock; 0 when nothing is pending. Rejects when Redis does (no such group, unreachable).
 */
export async function oldestPendingAgeMs(redis: RedisClient, stream: string, group: string): Promise<number> {
  const replies = await redis.pipeline().xpending(stream, group).time().exec();
  const [pendingError, summary] = pipelineReply(replies, 0);
  if (pendingError) throw pendingError;
  const [timeError, time] = pipelineReply(replies, 1);
  if (timeError) throw timeError;
  // [count, smallest id, greatest id, [[consumer, count], ...]]; the ids are nil when none is pending.
  const oldest = (summary as unknown[])[1];
  if (typeof oldest !== 'string') return 0;
  const [seconds, micros] = time as [string, string];
  const nowMs = Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
  // An id can be ahead of TIME (ids stay monotonic when Redis' clock steps back): not negative.
  return Math.max(0, nowMs - entryIdMs(oldest));
}
