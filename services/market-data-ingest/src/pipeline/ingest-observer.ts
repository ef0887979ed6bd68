// What the pipeline reports as it goes, for metrics, the progress bar and logs.
import type { RejectedRecord } from '../source-record.ts';
import type { WriteResult } from './batch-writer.ts';

export interface IngestObserver {
  /** A record came from the source (`line` is its line or message number). */
  read(line: number): void;
  /** A record at or before the checkpoint was skipped: an earlier run did it. */
  skipped(): void;
  /** A batch is in Redis and the checkpoint moved to its last line; `rejected` are its dead letters. */
  written(result: WriteResult, rejected: readonly RejectedRecord[]): void;
}

/** Tells every observer, in order. */
export function observers(...list: readonly IngestObserver[]): IngestObserver {
  return {
    read: (line) => {
      for (const observer of list) observer.read(line);
    },
    skipped: () => {
      for (const observer of list) observer.skipped();
    },
    written: (result, rejected) => {
      for (const observer of list) observer.written(result, rejected);
    },
  };
}
