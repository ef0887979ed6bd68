// Paged event browsing that reads only the page it shows: each selected stream is read a
// few entries at a time from where the cursor left it (XRANGE oldest first, XREVRANGE newest
// first), the heads merged across streams, until the page is full or the scan budget is
// spent. A filter that matches little therefore ends a page early with a cursor to go on,
// instead of scanning a million entries for one page.
import type { RedisClient, StoredEvent } from '@tickflow/streams';
import { compareEntryIds } from '../entry-ids.ts';
import { BadInputError } from '../errors.ts';
import type { Scope } from '../scope.ts';
import { assertAvailable } from '../selection/assert-available.ts';
import { type SelectedStream, selectedStreams } from '../selection/selected-streams.ts';
import type { Selection } from '../selection/selection.ts';
import { decodeCursor, encodeCursor, type QueryOrder } from './cursor.ts';
import { decodeOrNote, type PageRequest, type RawEntry, readPages, type Undecodable } from './raw-entries.ts';

export interface QueryOptions {
  /** 'oldest' first (append order) or 'newest' first (its exact reverse). */
  readonly order: QueryOrder;
  /** Most events on the page: 1 to 1,000. */
  readonly limit: number;
  /** A nextCursor of an earlier page of the same query. */
  readonly cursor?: string | undefined;
  /** Most entries scanned (kept or not) for this page. Default 10,000, at most 100,000. */
  readonly scanBudget?: number | undefined;
}

export interface QueryPage {
  /** In the order asked for. */
  readonly events: StoredEvent[];
  /** Where the next page starts; absent once the range is exhausted. */
  readonly nextCursor?: string;
  /** Entries gone through for this page (kept or not). */
  readonly scanned: number;
  /** True when no entry of the range is left to scan in this order. */
  readonly exhausted: boolean;
  /** Entries of this page that are not events (they do not decode): listed, not in the way of paging. */
  readonly undecodable: readonly Undecodable[];
}

export const MAX_QUERY_LIMIT = 1_000;
export const DEFAULT_SCAN_BUDGET = 10_000;
export const MAX_SCAN_BUDGET = 100_000;
const MAX_FETCH = 1_000;

interface StreamHead {
  readonly stream: SelectedStream;
  /** Id of the last entry scanned in this stream. */
  position: string | undefined;
  buffer: readonly RawEntry[];
  at: number;
  /** The last read came back short: nothing of the range is left past the buffer. */
  ended: boolean;
  /** Entries asked for by the next read: small at first, doubling while a stream keeps being read. */
  fetchCount: number;
}

/**
 * One page of the selection. The first page (no cursor) runs the retention preflight
 * (assertAvailable). Reads: per stream, a first read of about 2 × limit / streams entries
 * (at least 10), doubling up to 1,000 while the stream keeps supplying the page; entries
 * read beyond the page are read again by the next one.
 */
export async function queryEvents(
  redis: RedisClient,
  scope: Scope,
  selection: Selection,
  options: QueryOptions,
): Promise<QueryPage> {
  const { order, limit } = options;
  const budget = options.scanBudget ?? DEFAULT_SCAN_BUDGET;
  checkInteger('limit', limit, MAX_QUERY_LIMIT);
  checkInteger('scanBudget', budget, MAX_SCAN_BUDGET);
  if (order !== 'oldest' && order !== 'newest') {
    throw new BadInputError('order', `must be "oldest" or "newest", got "${String(order)}"`);
  }
  const positions =
    options.cursor === undefined ? new Map<string, string>() : decodeCursor(options.cursor, order);
  if (options.cursor === undefined) await assertAvailable(redis, scope, selection);

  const streams = selectedStreams(scope, selection);
  const firstFetch = Math.min(MAX_FETCH, Math.max(10, Math.ceil((2 * limit) / streams.length)));
  const heads: StreamHead[] = streams.map((stream) => ({
    stream,
    position: positions.get(stream.tag),
    buffer: [],
    at: 0,
    ended: false,
    fetchCount: firstFetch,
  }));
  const forward = order === 'oldest';
  const events: StoredEvent[] = [];
  let scanned = 0;
  const undecodable: Undecodable[] = [];
  while (events.length < limit && scanned < budget) {
    const empty = heads.filter((head) => head.at === head.buffer.length && !head.ended);
    await refill(redis, selection, empty, forward, budget - scanned);
    const next = nextHead(heads, forward);
    if (!next) break;
    const entry = next.buffer[next.at++] as RawEntry;
    next.position = entry[0];
    scanned++;
    const stored = decodeOrNote(next.stream.stream, next.stream.partition, entry, undecodable);
    if (stored && selection.matches(stored.event)) events.push(stored);
  }

  const exhausted = heads.every((head) => head.ended && head.at === head.buffer.length);
  if (exhausted) return { events, scanned, exhausted, undecodable };
  for (const head of heads) if (head.position !== undefined) positions.set(head.stream.tag, head.position);
  return { events, scanned, exhausted, undecodable, nextCursor: encodeCursor(order, positions) };
}

function checkInteger(parameter: string, value: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new BadInputError(parameter, `must be an integer from 1 to ${max}, got ${value}`);
  }
}

/** Reads the next entries of every head that ran dry, all in one round trip. */
async function refill(
  redis: RedisClient,
  selection: Selection,
  empty: StreamHead[],
  forward: boolean,
  budgetLeft: number,
): Promise<void> {
  if (empty.length === 0) return;
  const requests = empty.map((head): PageRequest => {
    const count = Math.max(1, Math.min(head.fetchCount, budgetLeft));
    return {
      stream: head.stream.stream,
      ...bounds(selection, head.position, forward),
      count,
      direction: forward ? 'forward' : 'backward',
    };
  });
  const pages = await readPages(redis, requests);
  empty.forEach((head, at) => {
    const page = pages[at] as RawEntry[];
    head.buffer = page;
    head.at = 0;
    head.ended = page.length < (requests[at] as PageRequest).count;
    head.fetchCount = Math.min(MAX_FETCH, head.fetchCount * 2);
  });
}

/** The id range still to read in a stream: past its position, within the selection's bounds. */
function bounds(selection: Selection, position: string | undefined, forward: boolean) {
  const { fromId, toId } = selection;
  if (forward) {
    const pastPosition =
      position !== undefined && (fromId === undefined || compareEntryIds(position, fromId) >= 0);
    return { low: pastPosition ? `(${position}` : (fromId ?? '-'), high: toId ?? '+' };
  }
  const beforePosition =
    position !== undefined && (toId === undefined || compareEntryIds(position, toId) <= 0);
  return { low: fromId ?? '-', high: beforePosition ? `(${position}` : (toId ?? '+') };
}

/** The head that comes next: oldest first by (entry id, type, partition), newest first the reverse. */
function nextHead(heads: readonly StreamHead[], forward: boolean): StreamHead | undefined {
  let best: StreamHead | undefined;
  for (const head of heads) {
    if (head.at === head.buffer.length) continue;
    if (!best) {
      best = head;
      continue;
    }
    const order =
      compareEntryIds((head.buffer[head.at] as RawEntry)[0], (best.buffer[best.at] as RawEntry)[0]) ||
      head.stream.order - best.stream.order;
    if (forward ? order < 0 : order > 0) best = head;
  }
  return best;
}
