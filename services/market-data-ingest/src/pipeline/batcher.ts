// Records are published in batches: a batch is cut when it holds `maxRecords` or `lingerMs`
// after its first record (so a source that pauses — a quiet feed, a paced replay — still
// publishes promptly). Batches are written strictly one after another, in cut order, so
// per-partition order is source order and the checkpoint only moves forward. At most one
// batch is being written while the next fills: a full batch is handed off (handOff), and the
// reader goes on reading while it is written, until the next one is full too. Reading the
// next batch during a write's round trip is what keeps both the reader and Redis busy.
import type { MarketDataEvent } from '@tickflow/events';
import type { RejectedRecord } from '../source-record.ts';

export interface Batch {
  readonly events: MarketDataEvent[];
  readonly rejected: RejectedRecord[];
  /** The last line in the batch: once it is written, every line up to it is done. */
  lastLine: number;
}

export interface BatcherOptions {
  readonly maxRecords: number;
  readonly lingerMs: number;
  /** Writes one batch; a rejection stops all later writes and surfaces from add() and flush(). */
  readonly write: (batch: Batch) => Promise<void>;
}

export interface Batcher {
  /** Adds an accepted record's event, or a rejected record. Throws an earlier write's error. */
  add(line: number, item: MarketDataEvent | RejectedRecord): void;
  /** Whether the pending batch is full: the caller then awaits flush(). */
  readonly full: boolean;
  /** Cuts the pending batch (if any) and resolves once every batch cut so far is written. */
  flush(): Promise<void>;
  /**
   * Cuts the pending batch (if any) and resolves once the batches cut before it are written:
   * the one just cut may still be in flight, so the caller can fill the next meanwhile.
   */
  handOff(): Promise<void>;
}

export function createBatcher(options: BatcherOptions): Batcher {
  let pending = emptyBatch();
  let writing: Promise<void> = Promise.resolve();
  let failure: { readonly error: unknown } | undefined;
  let timer: NodeJS.Timeout | undefined;

  const size = () => pending.events.length + pending.rejected.length;
  /** Cuts the pending batch; returns [the write of every batch before it, the write of all]. */
  const cut = (): [Promise<void>, Promise<void>] => {
    clearTimeout(timer);
    timer = undefined;
    const before = writing;
    if (size() > 0) {
      const batch = pending;
      pending = emptyBatch();
      writing = writing.then(() => options.write(batch));
      // A batch cut by the timer has nobody awaiting it: keep its failure for the reader.
      writing.catch((error: unknown) => {
        failure ??= { error };
      });
    }
    return [before, writing];
  };

  return {
    add(line, item) {
      if (failure !== undefined) throw failure.error;
      if ('ok' in item) pending.rejected.push(item);
      else pending.events.push(item);
      pending.lastLine = line;
      timer ??= setTimeout(cut, options.lingerMs);
    },
    get full() {
      return size() >= options.maxRecords;
    },
    flush: () => cut()[1],
    handOff: () => cut()[0],
  };
}

function emptyBatch(): Batch {
  return { events: [], rejected: [], lastLine: 0 };
}
