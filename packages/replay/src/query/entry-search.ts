// Looking for entries by a field (an event id, a cause) across a few streams without
// decoding what does not match: every round reads one page of each stream still in range,
// all in one round trip, so the nearest entries of every stream are looked at first, and
// the whole search stops at a budget of entries scanned.
import type { RedisClient, StoredEvent } from '@tickflow/streams';
import { decodeStored, type PageRequest, type RawEntry, readPages } from './raw-entries.ts';

export interface SearchTarget {
  readonly stream: string;
  readonly partition: number;
}

export interface EntrySearch {
  /** 'forward' reads up from `low`, 'backward' down from `high`. */
  readonly direction: 'forward' | 'backward';
  /** Inclusive id bounds; '-' and '+' are open. */
  readonly low: string;
  readonly high: string;
  /** True for a wanted entry, from its raw field list. */
  readonly wanted: (fields: readonly string[]) => boolean;
  /** Stop at the first entry found. */
  readonly first: boolean;
  /** About the most entries scanned over all targets (a round may pass it by a page per target). */
  readonly maxScanned: number;
  /** Entries per read per stream. Default 500. */
  readonly pageSize?: number;
}

export interface SearchResult {
  /** Decoded, in the order found (per round: target order, then read order). */
  readonly found: StoredEvent[];
  readonly scanned: number;
  /** True when every target was read to its bound (nothing left unsearched). */
  readonly complete: boolean;
}

interface Progress {
  readonly target: SearchTarget;
  /** The last entry id read, exclusive start of the next read. */
  last: string | undefined;
  done: boolean;
}

export async function searchEntries(
  redis: RedisClient,
  targets: readonly SearchTarget[],
  search: EntrySearch,
): Promise<SearchResult> {
  const pageSize = search.pageSize ?? 500;
  const forward = search.direction === 'forward';
  const progress: Progress[] = targets.map((target) => ({ target, last: undefined, done: false }));
  const found: StoredEvent[] = [];
  let scanned = 0;
  for (;;) {
    const live = progress.filter((item) => !item.done);
    if (live.length === 0) return { found, scanned, complete: true };
    if (scanned >= search.maxScanned) return { found, scanned, complete: false };
    const count = Math.max(1, Math.min(pageSize, search.maxScanned - scanned));
    const requests = live.map(
      ({ target, last }): PageRequest => ({
        stream: target.stream,
        low: forward && last !== undefined ? `(${last}` : search.low,
        high: !forward && last !== undefined ? `(${last}` : search.high,
        direction: search.direction,
        count,
      }),
    );
    const pages = await readPages(redis, requests);
    for (const [at, item] of live.entries()) {
      const page = pages[at] as RawEntry[];
      scanned += page.length;
      item.last = page.at(-1)?.[0] ?? item.last;
      item.done = page.length < count;
      for (const entry of page) {
        if (!search.wanted(entry[1])) continue;
        found.push(decodeStored(item.target.stream, item.target.partition, entry));
        if (search.first) return { found, scanned, complete: false };
      }
    }
  }
}
