// Running totals of one ingest run, read by the metrics, the progress bar and the final log.
// The file reader writes bytesRead into it directly (it is the source's ReadProgress).
import type { ReadProgress } from '../read-lines.ts';
import type { IngestObserver } from './ingest-observer.ts';

export interface IngestProgress extends ReadProgress {
  /** The file's size in bytes, when the source is a file. */
  readonly totalBytes: number | undefined;
  /** When the run started, from performance.now(). */
  readonly startMs: number;
  /** Records read (skipped ones included). */
  records: number;
  /** Records at or before the checkpoint, skipped. */
  skipped: number;
  published: number;
  /** Events already in their stream (publisher dedupe). */
  duplicates: number;
  rejected: number;
  /** The last line read. */
  lastLine: number;
  /** The last line checkpointed. */
  checkpoint: number;
}

export function createProgress(
  totalBytes: number | undefined,
  startMs: number,
  checkpoint: number,
): IngestProgress {
  return {
    totalBytes,
    startMs,
    bytesRead: 0,
    records: 0,
    skipped: 0,
    published: 0,
    duplicates: 0,
    rejected: 0,
    lastLine: checkpoint,
    checkpoint,
  };
}

/** Keeps `progress` up to date. */
export function progressObserver(progress: IngestProgress): IngestObserver {
  return {
    read(line) {
      progress.records += 1;
      progress.lastLine = line;
    },
    skipped() {
      progress.skipped += 1;
    },
    written(result) {
      progress.published += result.published;
      progress.duplicates += result.duplicates;
      progress.rejected += result.rejected;
      progress.checkpoint = result.lastLine;
    },
  };
}

/** Percent (0-100) of the file's bytes read, when its size is known. */
export function percentRead(progress: IngestProgress): number | undefined {
  const { totalBytes, bytesRead } = progress;
  if (totalBytes === undefined) return undefined;
  return totalBytes === 0 ? 100 : Math.min(100, (bytesRead / totalBytes) * 100);
}

/** Seconds left at the average byte rate so far, when the file's size is known. */
export function etaSeconds(progress: IngestProgress, nowMs: number): number | undefined {
  const elapsedS = (nowMs - progress.startMs) / 1000;
  const { totalBytes, bytesRead } = progress;
  if (totalBytes === undefined || bytesRead === 0 || elapsedS <= 0) return undefined;
  return Math.max(0, totalBytes - bytesRead) / (bytesRead / elapsedS);
}
