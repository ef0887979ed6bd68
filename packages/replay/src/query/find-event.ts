// Finding one event by its id. Stream entries are keyed by append time, not event id, so
// this is a search; what bounds it:
// - a UUIDv7 id (a new tick) carries the ms it was made: the entries appended from 1 s before
//   to 10 s after it are searched first — usually one or two pages per stream;
// - otherwise (a derived UUIDv5 id, or an event appended late) every candidate stream is
//   scanned newest first, a page of each per round trip, up to `maxScanned` entries
//   (default unbounded: O(entries of the candidate streams) in the worst case). Hints cut
//   the candidates: `type` to one type's streams, `symbol` to one partition of each type.
import {
  EVENT_TYPES,
  type EventType,
  isEventId,
  isEventType,
  partitionKeys,
  partitionOf,
  SYMBOL_PATTERN,
} from '@tickflow/events';
import type { RedisClient, StoredEvent } from '@tickflow/streams';
import { MAX_SEQ } from '../entry-ids.ts';
import { BadInputError } from '../errors.ts';
import { allPartitions, type Scope } from '../scope.ts';
import { fieldOf } from '../selection/redis-replies.ts';
import { type SearchTarget, searchEntries } from './entry-search.ts';

export interface FindHints {
  /** The event's type, when known: only its streams are searched. */
  readonly type?: EventType | undefined;
  /** The event's symbol, when known: only its partition is searched. */
  readonly symbol?: string | undefined;
  /** Most entries the fallback scan goes through before giving up (undefined). Default unbounded. */
  readonly maxScanned?: number | undefined;
}

/** How far around a UUIDv7's own time its entry is looked for first. */
export const V7_WINDOW = { beforeMs: 1_000, afterMs: 10_000 } as const;

/** The stored event with this id, or undefined. Throws BadInputError for a bad id or hint. */
export async function findEvent(
  redis: RedisClient,
  scope: Scope,
  id: string,
  hints: FindHints = {},
): Promise<StoredEvent | undefined> {
  if (!isEventId(id)) throw new BadInputError('id', `expected a lower-case UUID, got "${id.slice(0, 60)}"`);
  const targets = candidateStreams(scope, hints);
  const wanted = (fields: readonly string[]) =>
    (fields[0] === 'id' ? fields[1] : fieldOf(fields, 'id')) === id;
  const madeMs = uuidV7Ms(id);
  if (madeMs !== undefined) {
    const near = await searchEntries(redis, targets, {
      direction: 'forward',
      low: `${Math.max(0, madeMs - V7_WINDOW.beforeMs)}-0`,
      high: `${madeMs + V7_WINDOW.afterMs}-${MAX_SEQ}`,
      wanted,
      first: true,
      maxScanned: Number.POSITIVE_INFINITY,
    });
    if (near.found[0]) return near.found[0];
  }
  const scan = await searchEntries(redis, targets, {
    direction: 'backward',
    low: '-',
    high: '+',
    wanted,
    first: true,
    maxScanned: hints.maxScanned ?? Number.POSITIVE_INFINITY,
  });
  return scan.found[0];
}

/** The ms a UUIDv7 was made at (its first 48 bits); undefined for other versions. */
export function uuidV7Ms(id: string): number | undefined {
  if (id[14] !== '7') return undefined;
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

function candidateStreams(scope: Scope, hints: FindHints): SearchTarget[] {
  if (hints.type !== undefined && !isEventType(hints.type)) {
    throw new BadInputError(
      'type',
      `unknown type "${hints.type}": expected one of ${EVENT_TYPES.join(', ')}`,
    );
  }
  if (hints.symbol !== undefined && !SYMBOL_PATTERN.test(hints.symbol)) {
    throw new BadInputError('symbol', `"${hints.symbol.slice(0, 70)}" is not a symbol`);
  }
  const types = hints.type === undefined ? EVENT_TYPES : [hints.type];
  const partitions =
    hints.symbol === undefined ? allPartitions(scope) : [partitionOf(hints.symbol, scope.partitions)];
  return types.flatMap((type) =>
    partitions.map((partition) => ({
      stream: partitionKeys(scope.namespace, type, partition).stream,
      partition,
    })),
  );
}
