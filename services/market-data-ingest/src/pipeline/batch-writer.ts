// Writing one batch: its events to their partition streams and its bad records to the dead
// letters (together), then — only once both are in Redis — the checkpoint past its last line.
import type { Publisher } from '@tickflow/streams';
import type { Batch } from './batcher.ts';
import type { Checkpoint } from './checkpoint.ts';
import type { DeadLetters } from './dead-letter.ts';
import { type RetryOptions, withRetries } from './retry.ts';

export interface WriteResult {
  /** Events appended. */
  readonly published: number;
  /** Events already in their stream (publisher dedupe): a re-run after a crash. */
  readonly duplicates: number;
  readonly rejected: number;
  /** The checkpoint written. */
  readonly lastLine: number;
}

export interface BatchWriterOptions {
  readonly publisher: Publisher;
  readonly deadLetters: DeadLetters;
  readonly checkpoint: Checkpoint;
  readonly retry: RetryOptions;
}

export function batchWriter(options: BatchWriterOptions): (batch: Batch) => Promise<WriteResult> {
  const { publisher, deadLetters, checkpoint, retry } = options;
  return async (batch) => {
    const [results] = await Promise.all([
      batch.events.length === 0
        ? []
        : withRetries('publish', () => publisher.publishAll(batch.events), retry),
      batch.rejected.length === 0
        ? undefined
        : withRetries('dead-letter', () => deadLetters.append(batch.rejected), retry),
    ]);
    await withRetries('checkpoint', () => checkpoint.write(batch.lastLine), retry);
    const duplicates = results.filter((result) => result.duplicate).length;
    return {
      published: results.length - duplicates,
      duplicates,
      rejected: batch.rejected.length,
      lastLine: batch.lastLine,
    };
  };
}
