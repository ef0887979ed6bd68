// Reading history: a partition stream or a set of partitions, by entry-id range or time
// range (entry ids are append times in ms), paged with XRANGE, merged across partitions in
// append order (entry id, then partition number), for replay and queries. Memory is one
// page per partition, whatever the range.
import { type AnyEvent, decodeEvent, type EventType, partitionKeys } from '@tickflow/events';
import type { Redis } from 'ioredis';
import { HistoryTrimmedError, toStreamsError } from './errors.ts';
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
}

export interface StoredEvent {
  readonly stream: string;
  readonly partition: number;
  readonly entryId: string;
  readonly event: AnyEvent;
}

interface Cursor {
  readonly stream: string;
  readonly partition: number;
  page: [string, string[]][];
  next: string | undefined;
}

/**
 * The events in the range, in append order across the partitions. Throws
 * HistoryTrimmedError when the range starts before what retention kept, and
 * InvalidEventError (from the codec) for an entry that does not decode.
 */
export async function* readEvents(redis: Redis, range: ReadRange): AsyncGenerator<StoredEvent> {
  const pageSize = range.pageSize ?? 1_000;
  const start = range.fromId ?? (range.fromMs === undefined ? '-' : `${range.fromMs}-0`);
  const end = range.toId ?? (range.toMs === undefined ? '+' : `${range.toMs}-${Number.MAX_SAFE_INTEGER}`);
  const partitions = range.only ?? Array.from({ length: range.partitions }, (_, p) => p);
  const cursors: Cursor[] = [];
  for (const partition of partitions) {
    const stream = partitionKeys(range.namespace, range.type, partition).stream;
    if (start !== '-') await assertNotTrimmed(redis, stream, start);
    cursors.push({ stream, partition, page: [], next: start });
  }

  for (;;) {
    await Promise.all(cursors.map((cursor) => fill(redis, cursor, end, pageSize)));
    let earliest: Cursor | undefined;
    for (const cursor of cursors) {
      const head = cursor.page[0];
      const best = earliest?.page[0];
      if (head && (!best || isAfter(best[0], head[0]))) earliest = cursor;
    }
    const entry = earliest?.page.shift();
    if (!earliest || !entry) return;
    yield {
      stream: earliest.stream,
      partition: earliest.partition,
      entryId: entry[0],
      event: decodeEvent(entry[1]),
    };
  }
}

async function fill(redis: Redis, cursor: Cursor, end: string, pageSize: number): Promise<void> {
  if (cursor.page.length > 0 || cursor.next === undefined) return;
  try {
    const page = (await redis.xrange(cursor.stream, cursor.next, end, 'COUNT', pageSize)) as [
      string,
      string[],
    ][];
    cursor.page = page;
    const last = page.at(-1)?.[0];
    // An exclusive start ('(' prefix) continues after the last entry read.
    cursor.next = page.length < pageSize || last === undefined ? undefined : `(${last}`;
  } catch (error) {
    throw toStreamsError(error, `XRANGE ${cursor.stream}`);
  }
}

/** Fails when entries at or after `start` were already deleted by trimming. */
async function assertNotTrimmed(redis: Redis, stream: string, start: string): Promise<void> {
  let info: unknown[];
  try {
    info = (await redis.call('XINFO', 'STREAM', stream)) as unknown[];
  } catch (error) {
    if (/no such key/i.test(String(error))) return;
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
