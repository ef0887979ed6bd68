// Stream entries as XRANGE / XREVRANGE return them, read a page per stream for many streams
// in one round trip, and decoded only when wanted: a search compares a field of the raw
// entry and decodes the one it finds, not the thousands it passes.
import { decodeEvent, InvalidEventError } from '@tickflow/events';
import type { RedisClient, StoredEvent } from '@tickflow/streams';
import { outcomes, replyOf } from '../selection/redis-replies.ts';

export type RawEntry = readonly [entryId: string, fields: string[]];

export interface PageRequest {
  readonly stream: string;
  /** Lowest id (inclusive, or exclusive with a '(' prefix, or '-'). */
  readonly low: string;
  /** Highest id (inclusive, or exclusive with a '(' prefix, or '+'). */
  readonly high: string;
  /** 'backward' reads from `high` down (XREVRANGE). */
  readonly direction: 'forward' | 'backward';
  readonly count: number;
}

/** One page per request, in one pipeline (a missing stream is an empty page). */
export async function readPages(redis: RedisClient, requests: readonly PageRequest[]): Promise<RawEntry[][]> {
  if (requests.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const { stream, low, high, direction, count } of requests) {
    if (direction === 'forward') pipeline.xrange(stream, low, high, 'COUNT', count);
    else pipeline.xrevrange(stream, high, low, 'COUNT', count);
  }
  const results = await outcomes(pipeline, requests.length);
  return results.map((outcome) => replyOf(outcome) as RawEntry[]);
}

/** The entry decoded; an entry that does not decode throws InvalidEventError naming stream and entry. */
export function decodeStored(stream: string, partition: number, [entryId, fields]: RawEntry): StoredEvent {
  try {
    return { stream, partition, entryId, event: decodeEvent(fields) };
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    throw new InvalidEventError(error.issues, {
      eventId: error.eventId,
      what: `event in ${stream} entry ${entryId}`,
    });
  }
}

/** An entry that is not an event: where it is and why. */
export interface Undecodable {
  readonly stream: string;
  readonly entryId: string;
  readonly reason: string;
}

/** The entry decoded, or undefined after noting it in `undecodable` (browsing goes on past it). */
export function decodeOrNote(
  stream: string,
  partition: number,
  entry: RawEntry,
  undecodable: Undecodable[],
): StoredEvent | undefined {
  try {
    return decodeStored(stream, partition, entry);
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    undecodable.push({ stream, entryId: entry[0], reason: error.message });
    return undefined;
  }
}
