// Reading a selection: the streams reader of each selected type (which already merges its
// partitions by entry id, ties by partition) merged by entry id, ties by type order — so
// the whole selection comes in one append order (entry id, type, partition) — then kept or
// dropped per event. Memory is the reader's pages (two per stream) plus one output batch,
// whatever the range.

import type { RedisClient } from '@tickflow/streams';
import { readEventBatches, type StoredEvent } from '@tickflow/streams';
import { compareEntryIds } from '../entry-ids.ts';
import type { Scope } from '../scope.ts';
import { assertAvailable } from './assert-available.ts';
import type { Selection } from './selection.ts';

/** Events kept from a stretch of the range, and how many entries that stretch held. */
export interface SelectedBatch {
  readonly events: StoredEvent[];
  /** Entries of the range gone through for this batch (kept or not): progress is scanned / countInRange. */
  readonly scanned: number;
  /** Of those, entries that are not events (they do not decode): skipped, counted here. */
  readonly skipped: number;
}

export interface ReadSelectedOptions {
  /** Entries per XRANGE page, and the most scanned per batch. Default 1,000. */
  readonly pageSize?: number;
  /** Aborting ends the read: the generator throws the signal's reason at its next step. */
  readonly signal?: AbortSignal;
}

interface TypeSource {
  readonly batches: AsyncGenerator<StoredEvent[]>;
  batch: StoredEvent[];
  at: number;
  done: boolean;
}

/**
 * The selected events in append order, in batches; first the retention preflight
 * (assertAvailable), so a trimmed start fails before anything is yielded. A batch is handed
 * over when `pageSize` entries were scanned or a reader must wait for its next page. Throws
 * nothing for an entry that does not decode: it is skipped and counted (`skipped`).
 */
export async function* readSelected(
  redis: RedisClient,
  scope: Scope,
  selection: Selection,
  options: ReadSelectedOptions = {},
): AsyncGenerator<SelectedBatch> {
  const pageSize = options.pageSize ?? 1_000;
  const { signal } = options;
  signal?.throwIfAborted();
  await assertAvailable(redis, scope, selection);
  // Entries that are not events, skipped by the readers since the last batch handed over.
  let skipped = 0;
  const sources: TypeSource[] = selection.types.map((type) => ({
    batches: readEventBatches(redis, {
      namespace: scope.namespace,
      type,
      partitions: scope.partitions,
      only: selection.partitions,
      pageSize,
      ...(selection.fromId === undefined ? {} : { fromId: selection.fromId }),
      ...(selection.toId === undefined ? {} : { toId: selection.toId }),
      onUndecodable: () => {
        skipped++;
      },
    }),
    batch: [],
    at: 0,
    done: false,
  }));
  let events: StoredEvent[] = [];
  let scanned = 0;
  const take = (): SelectedBatch => {
    const batch = { events, scanned: scanned + skipped, skipped };
    events = [];
    scanned = 0;
    skipped = 0;
    return batch;
  };
  try {
    for (;;) {
      let earliest: TypeSource | undefined;
      for (const source of sources) {
        if (source.done) continue;
        if (source.at === source.batch.length) {
          if (scanned + skipped > 0) {
            // The merge waits for a page: hand over what is merged so far first.
            yield take();
          }
          signal?.throwIfAborted();
          if (!(await refill(source))) continue;
        }
        // Strictly earlier only: on equal ids the type listed first (pipeline order) goes first.
        if (earliest === undefined || compareEntryIds(headId(source), headId(earliest)) < 0) {
          earliest = source;
        }
      }
      if (!earliest) break;
      const stored = earliest.batch[earliest.at++] as StoredEvent;
      scanned++;
      if (selection.matches(stored.event)) events.push(stored);
      if (scanned === pageSize) {
        yield take();
        signal?.throwIfAborted();
      }
    }
    if (scanned + skipped > 0) yield take();
  } finally {
    // Ends the readers still open (a caller that stopped early, an error): no read-ahead left behind.
    await Promise.all(sources.map((source) => source.batches.return(undefined)));
  }
}

async function refill(source: TypeSource): Promise<boolean> {
  for (;;) {
    const next = await source.batches.next();
    if (next.done) {
      source.done = true;
      return false;
    }
    source.batch = next.value;
    source.at = 0;
    if (source.batch.length > 0) return true;
  }
}

function headId(source: TypeSource): string {
  return (source.batch[source.at] as StoredEvent).entryId;
}
