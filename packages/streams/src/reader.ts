// Reading history: a partition stream or a set of partitions, by entry-id range or time
// range (entry ids are append times in ms), paged with XRANGE, merged across partitions in
// append order (entry id, then partition number), for replay and queries. Memory is two
// pages per partition (the one read and the one read ahead), whatever the range.
import {
  type AnyEvent,
  decodeEvent,
  type EventType,
  InvalidEventError,
  partitionKeys,
} from '@tickflow/events';
import type { RedisClient } from './cluster-redis-client.ts';
import { HistoryTrimmedError } from './errors.ts';
import { pipelineReply } from './pipeline-reply.ts';
import { isNoSuchKey, toStreamsError } from './redis-errors.ts';
import { isAfter } from './stream-ids.ts';
import { replyField } from './xinfo.ts';

export interface ReadRange {
  readonly namespace: string;
  readonly type: EventType;
  /** Partition count of the namespace. */
  readonly partitions: number;
  /** Which partitions to read; default all. */
  readonly only?: readonly number[];
  /** First entry id (inclusive) or first millisecond; default the oldest kept. */
  readonly fromId?: string;
  readonly fromMs?: number;
  /** Last entry id (inclusive) or last millisecond; default the newest. */
  readonly toId?: string;
  readonly toMs?: number;
  /** Entries per XRANGE call. Default 1,000. */
  readonly pageSize?: number;
  /**
   * Called for an entry that is not an event (does not decode), which is then skipped; without
   * it such an entry ends the read with InvalidEventError. Replays skip them: a consumer would
   * only dead-letter them again.
   */
  readonly onUndecodable?: (error: InvalidEventError, where: { stream: string; entryId: string }) => void;
}

export interface StoredEvent {
  readonly stream: string;
  readonly partition: number;
  readonly entryId: string;
  readonly event: AnyEvent;
  /** The entry's fields as stored (name, value, …): what a copy of the entry writes verbatim. */
  readonly fields?: readonly string[];
}

type Page = [id: string, fields: string[]][];

interface Cursor {
  readonly stream: string;
  readonly partition: number;
  page: Page;
  /** Next entry of `page` to hand out. */
  at: number;
  /** The following page, already requested (see fetch); undefined once the range is read. */
  following: Promise<Page> | undefined;
  /**
   * The next entry's id, and its parts as numbers, parsed once: the merge compares heads for
   * every event. A part is NaN past 15 digits (not exact as a number): then the ids decide.
   */
  headId: string;
  headMs: number;
  headSeq: number;
}

/**
 * The events in the range, in append order across the partitions. Throws
 * HistoryTrimmedError when the range starts before what retention kept, and
 * InvalidEventError naming the stream and entry for an entry that does not decode, after
 * every event before it.
 */
export async function* readEvents(redis: RedisClient, range: ReadRange): AsyncGenerator<StoredEvent> {
  for await (const batch of readEventBatches(redis, range)) yield* batch;
}

/**
 * readEvents in batches of up to `pageSize` events, in the same order: for replay and
 * bulk reads, where a suspension of the generator per event costs more than the merge.
 * A batch ends where the next page is not read yet, so the caller works while Redis reads
 * ahead. An entry that does not decode ends its batch; the error follows that batch.
 */
export async function* readEventBatches(redis: RedisClient, range: ReadRange): AsyncGenerator<StoredEvent[]> {
  const pageSize = range.pageSize ?? 1_000;
  const start = range.fromId ?? (range.fromMs === undefined ? '-' : `${range.fromMs}-0`);
  const end = range.toId ?? (range.toMs === undefined ? '+' : `${range.toMs}-${Number.MAX_SAFE_INTEGER}`);
  const partitions = range.only ?? Array.from({ length: range.partitions }, (_, p) => p);
  const cursors: Cursor[] = [];
  for (const partition of partitions) {
    const stream = partitionKeys(range.namespace, range.type, partition).stream;
    if (start !== '-') await assertNotTrimmed(redis, stream, start);
    cursors.push({
      stream,
      partition,
      page: [],
      at: 0,
      following: fetch(redis, stream, start, end, pageSize),
      headId: '',
      headMs: 0,
      headSeq: 0,
    });
  }

  // Cursors with entries left, in partition order; one whose range is read is dropped.
  let live = cursors;
  let batch: StoredEvent[] = [];
  for (;;) {
    let earliest: Cursor | undefined;
    let exhausted = false;
    for (const cursor of live) {
      if (cursor.at === cursor.page.length) {
        if (batch.length > 0) {
          // The merge must wait for a page: hand over what is merged so far first.
          yield batch;
          batch = [];
        }
        if (!(await turnPage(redis, cursor, end, pageSize))) {
          exhausted = true;
          continue;
        }
        parseHead(cursor);
      }
      // Ties (equal ids in different streams) go to the partition listed first.
      if (earliest === undefined || headAfter(earliest, cursor)) earliest = cursor;
    }
    if (exhausted) live = live.filter((cursor) => cursor.at < cursor.page.length);
    if (!earliest) break;
    const entry = earliest.page[earliest.at++] as Page[number];
    if (earliest.at < earliest.page.length) parseHead(earliest);
    let event: AnyEvent;
    try {
      event = decodeEvent(entry[1]);
    } catch (error) {
      if (!(error instanceof InvalidEventError)) {
        if (batch.length > 0) yield batch;
        throw error;
      }
      // Said where: the stream and entry, which the codec does not know.
      const located = new InvalidEventError(error.issues, {
        eventId: error.eventId,
        what: `event in ${earliest.stream} entry ${entry[0]}`,
      });
      if (range.onUndecodable) {
        range.onUndecodable(located, { stream: earliest.stream, entryId: entry[0] });
        continue;
      }
      if (batch.length > 0) yield batch;
      throw located;
    }
    batch.push({
      stream: earliest.stream,
      partition: earliest.partition,
      entryId: entry[0],
      event,
      fields: entry[1],
    });
    if (batch.length === pageSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Reads the id of the cursor's next entry; a part past 15 digits is NaN (not exact as a number). */
function parseHead(cursor: Cursor): void {
  const id = (cursor.page[cursor.at] as Page[number])[0];
  const dash = id.indexOf('-');
  cursor.headId = id;
  cursor.headMs = dash <= 15 ? Number(id.slice(0, dash)) : Number.NaN;
  cursor.headSeq = id.length - dash - 1 <= 15 ? Number(id.slice(dash + 1)) : Number.NaN;
}

/** True when a's next entry comes after b's. */
function headAfter(a: Cursor, b: Cursor): boolean {
  const exact = !Number.isNaN(a.headMs + a.headSeq + b.headMs + b.headSeq);
  if (!exact) return isAfter(a.headId, b.headId);
  return a.headMs > b.headMs || (a.headMs === b.headMs && a.headSeq > b.headSeq);
}

/**
 * Moves the cursor to its following page, and at once requests the one after it, so Redis
 * reads ahead while the caller works through this one (two pages per partition in memory).
 * False when the range is read to its end.
 */
async function turnPage(redis: RedisClient, cursor: Cursor, end: string, pageSize: number): Promise<boolean> {
  for (;;) {
    if (cursor.following === undefined) return false;
    const page = await cursor.following;
    const last = page.at(-1)?.[0];
    // An exclusive start ('(' prefix) continues after the last entry read.
    cursor.following =
      page.length < pageSize || last === undefined
        ? undefined
        : fetch(redis, cursor.stream, `(${last}`, end, pageSize);
    cursor.page = page;
    cursor.at = 0;
    if (page.length > 0) return true;
  }
}

/** One XRANGE page, requested now; a failure surfaces when the page is awaited. */
function fetch(
  redis: RedisClient,
  stream: string,
  from: string,
  end: string,
  pageSize: number,
): Promise<Page> {
  // An explicit pipeline is written at once; through the connection's auto-pipeline a page
  // asked for while another partition's is in flight would not even be sent until it returns.
  const page = redis
    .pipeline()
    .xrange(stream, from, end, 'COUNT', pageSize)
    .exec()
    .then((replies) => {
      const [error, reply] = pipelineReply(replies, 0);
      if (error) throw error;
      return reply as Page;
    })
    .catch((error: unknown) => {
      throw toStreamsError(error, `XRANGE ${stream}`);
    });
  // A reader abandoned mid-way never awaits its read-ahead: that must not be an unhandled rejection.
  page.catch(() => undefined);
  return page;
}

/** Fails when entries at or after `start` were already deleted by trimming. */
async function assertNotTrimmed(redis: RedisClient, stream: string, start: string): Promise<void> {
  let info: unknown[];
  try {
    info = (await redis.call('XINFO', 'STREAM', stream)) as unknown[];
  } catch (error) {
    if (isNoSuchKey(error)) return;
    throw toStreamsError(error, `XINFO STREAM ${stream}`);
  }
  const field = (name: string) => replyField(info, name);
  const from = start.startsWith('(') ? start.slice(1) : /^\d+$/.test(start) ? `${start}-0` : start;
  // Trimming removes the head: if entries were ever removed and the range starts before
  // the first one kept, part of it is gone. (XTRIM does not move max-deleted-entry-id on
  // Redis 7.0; XDEL does.)
  const removed = Number(field('entries-added')) > Number(field('length'));
  const firstKept = String(field('recorded-first-entry-id') ?? '0-0');
  const maxDeleted = String(field('max-deleted-entry-id') ?? '0-0');
  if ((removed && isAfter(firstKept, from)) || (maxDeleted !== '0-0' && !isAfter(from, maxDeleted))) {
    throw new HistoryTrimmedError(
      `${stream}: history from ${from} was trimmed by retention (oldest entry kept: ${firstKept})`,
    );
  }
}
