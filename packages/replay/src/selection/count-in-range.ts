// How many entries reading a selection goes through (kept or not): the denominator of a
// replay's progress. Symbols, event-time bounds and filters do not change it — the scan
// reads every entry of the selected streams between the entry-id bounds.
import type { RedisClient } from '@tickflow/streams';
import { compareEntryIds } from '../entry-ids.ts';
import type { Scope } from '../scope.ts';
import { outcomes, replyOf } from './redis-replies.ts';
import { selectedStreams } from './selected-streams.ts';
import type { Selection } from './selection.ts';

/** Entries counted per script call: one call keeps Redis busy for about a millisecond. */
const COUNT_CHUNK = 5_000;

// KEYS[1] the stream
// ARGV[1] start id (inclusive, or exclusive with a '(' prefix), ARGV[2] end id (inclusive),
// ARGV[3] the most entries to count
// Returns {count, the last id counted or ''}: the entries stay in Redis, only a number travels.
const COUNT_SCRIPT = `
local entries = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[2], 'COUNT', tonumber(ARGV[3]))
local n = #entries
if n == 0 then return {0, ''} end
return {n, entries[n][1]}
`;

/**
 * Entries of the selected streams between the selection's entry-id bounds. Cost: with no
 * bounds, or bounds around all a stream holds, one XLEN per stream; otherwise the range is
 * counted inside Redis in chunks of 5,000 entries per script call (O(entries in range) of
 * Redis work, about 1 ms per chunk, nothing sent back but the count).
 */
export async function countInRange(redis: RedisClient, scope: Scope, selection: Selection): Promise<number> {
  const streams = selectedStreams(scope, selection);
  const { fromId, toId } = selection;
  const pipeline = redis.pipeline();
  for (const { stream } of streams) {
    pipeline.xlen(stream);
    pipeline.xrange(stream, '-', '+', 'COUNT', 1);
    pipeline.xrevrange(stream, '+', '-', 'COUNT', 1);
  }
  const results = await outcomes(pipeline, streams.length * 3);
  const counts = streams.map(async ({ stream }, at) => {
    const length = replyOf(results[at * 3] as (typeof results)[number]) as number;
    const first = firstId(replyOf(results[at * 3 + 1] as (typeof results)[number]));
    const last = firstId(replyOf(results[at * 3 + 2] as (typeof results)[number]));
    if (length === 0 || first === undefined || last === undefined) return 0;
    const coversStart = fromId === undefined || compareEntryIds(fromId, first) <= 0;
    const coversEnd = toId === undefined || compareEntryIds(toId, last) >= 0;
    if (coversStart && coversEnd) return length;
    return countBetween(redis, stream, fromId ?? '-', toId ?? '+');
  });
  return (await Promise.all(counts)).reduce((sum, count) => sum + count, 0);
}

async function countBetween(
  redis: RedisClient,
  stream: string,
  fromId: string,
  toId: string,
): Promise<number> {
  let total = 0;
  let start = fromId;
  for (;;) {
    const [count, lastId] = (await redis.eval(COUNT_SCRIPT, 1, stream, start, toId, COUNT_CHUNK)) as [
      number,
      string,
    ];
    total += count;
    if (count < COUNT_CHUNK) return total;
    start = `(${lastId}`;
  }
}

function firstId(reply: unknown): string | undefined {
  const entries = reply as [string, string[]][];
  return entries[0]?.[0];
}
