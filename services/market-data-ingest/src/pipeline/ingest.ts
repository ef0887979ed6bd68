// The ingest pipeline: read records in source order, skip what an earlier run did, pace
// them, batch them, and have each batch written (events, dead letters, then checkpoint).
// Stopping (the signal) ends reading; what was read is still written before it returns.
import { setTimeout as delay, setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { SourceRecord } from '../source-record.ts';
import type { WriteResult } from './batch-writer.ts';
import { type Batch, createBatcher } from './batcher.ts';
import { deadLetterRecord } from './dead-letter.ts';
import type { IngestObserver } from './ingest-observer.ts';
import type { Pacer } from './pacer.ts';
import { recordEvent } from './record-event.ts';

export interface IngestRun {
  readonly source: AsyncIterable<SourceRecord>;
  /** Scope of the event ids (see recordEventId). */
  readonly sourceId: string;
  /** The checkpoint: lines up to it were done by an earlier run and are skipped. */
  readonly startAfter: number;
  readonly pacer: Pacer;
  /** Records per batch at most. */
  readonly batchSize: number;
  /** A batch is written at most this long after its first record. Default 20 ms. */
  readonly lingerMs?: number;
  /** Writes one batch, the checkpoint last (see batchWriter). */
  readonly write: (batch: Batch) => Promise<WriteResult>;
  readonly observer: IngestObserver;
  /** Stops reading; pending records are still written. */
  readonly signal: AbortSignal;
}

const YIELD_EVERY = 1_000;

/** How the run ended: the source ran out, or the signal stopped it first. */
export type IngestEnd = 'finished' | 'stopped';

/** Runs until the source ends or the signal stops it. Rejects on a source or write failure, after writing what it can. */
export async function runIngest(run: IngestRun): Promise<IngestEnd> {
  const lingerMs = run.lingerMs ?? 20;
  const batcher = createBatcher({
    maxRecords: run.batchSize,
    lingerMs,
    write: async (batch) => run.observer.written(await run.write(batch), batch.rejected),
  });
  try {
    // Within a message of several records (record.element), stopping waits for its last one,
    // so a stop never leaves a message half published.
    let midMessage = false;
    for await (const record of run.source) {
      if (run.signal.aborted && !midMessage) break;
      midMessage = record.element !== undefined && !record.element.last;
      run.observer.read(record.line);
      // A source that never waits on I/O (synthetic, or lines skipped up to the checkpoint)
      // would otherwise starve timers, signals and /healthz until it ends.
      if (record.line % YIELD_EVERY === 0) await yieldToEventLoop();
      if (record.line <= run.startAfter) {
        run.observer.skipped();
        continue;
      }
      if (record.ok) {
        const waitMs = run.pacer.delayMs(record.ts_event, performance.now());
        // A long pause: publish what came before now rather than hold it back. (Short ones
        // are left to the linger timer, so a fast paced replay still publishes in batches.)
        if (waitMs >= lingerMs) await batcher.flush();
        if (waitMs > 0 && !(await sleep(waitMs, run.signal))) break;
      }
      // A message is done (checkpointed) only with its last element: a batch cut inside one
      // checkpoints the message before, and a resume re-reads it whole (its first elements
      // then collapse as duplicates: same ids).
      const doneThrough = midMessage ? record.line - 1 : record.line;
      batcher.add(doneThrough, record.ok ? recordEvent(run.sourceId, record) : deadLetterRecord(record));
      if (batcher.full) await batcher.handOff();
    }
  } catch (error) {
    // Keep what was read before the failure; the failure itself is what the caller sees.
    await batcher.flush().catch(() => undefined);
    throw error;
  }
  await batcher.flush();
  return run.signal.aborted ? 'stopped' : 'finished';
}

/** Waits `ms`; false when the signal cut the wait short. */
async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    // Whole ms, rounded up: a timer may fire up to 1 ms early, never before the record is due.
    await delay(Math.ceil(ms), undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
