// What a run did, told once at its end: printed for a person (stderr) and logged as one
// structured line. It also decides the exit code of a run that finished: a file whose every
// row was rejected must not look like a success when everything went to the DLQ.
import type { IngestEnd } from './ingest.ts';
import type { IngestProgress } from './progress.ts';
import type { RejectionKind, RejectionTally } from './rejection-tally.ts';

/** Exit code of a run that read rows and rejected every one it did not skip. (2 is a bad configuration, 1 a failure.) */
export const ALL_REJECTED_EXIT_CODE = 3;
/** Kinds of rejection listed in a summary, most frequent first. */
const TOP_REASONS = 5;

export interface IngestSummary {
  readonly end: IngestEnd;
  /** Records read, those skipped as already ingested included. */
  readonly read: number;
  readonly published: number;
  /** Not published again: done by an earlier run, before the checkpoint or already in the stream. */
  readonly alreadyIngested: { readonly total: number; readonly checkpoint: number; readonly dedupe: number };
  /** Dead-lettered. */
  readonly rejected: number;
  /**
   * JSON lines or messages that yielded no record without being bad input: the mapping's
   * filter did not match them (heartbeats, subscription replies), or their records array was empty.
   */
  readonly skippedMessages: SkippedMessages;
  /** The most frequent kinds of rejection (up to 5), each with its count and first line. */
  readonly topReasons: readonly RejectionKind[];
  /** Distinct kinds of rejection seen (those past the tally's cap counted as one). */
  readonly reasonKinds: number;
  readonly elapsedMs: number;
  /** Records read per second over the whole run. */
  readonly rowsPerSecond: number;
  /** Rows were read, and every one not skipped was rejected. */
  readonly allRejected: boolean;
}

/** Counts of messages skipped, by reason (see IngestSummary.skippedMessages). */
export interface SkippedMessages {
  readonly filter: number;
  readonly empty: number;
}

export function summarise(
  end: IngestEnd,
  progress: IngestProgress,
  tally: RejectionTally,
  nowMs: number,
  skippedMessages: SkippedMessages = { filter: 0, empty: 0 },
): IngestSummary {
  const { records, skipped, published, duplicates, rejected } = progress;
  // Whole ms, and the rate from those, so the two numbers shown agree with each other.
  const elapsedMs = Math.max(0, Math.round(nowMs - progress.startMs));
  return {
    end,
    read: records,
    published,
    alreadyIngested: { total: skipped + duplicates, checkpoint: skipped, dedupe: duplicates },
    rejected,
    skippedMessages: { filter: skippedMessages.filter, empty: skippedMessages.empty },
    topReasons: tally.top(TOP_REASONS),
    reasonKinds: tally.kinds,
    elapsedMs,
    rowsPerSecond: elapsedMs === 0 ? 0 : Math.round((records * 1000) / elapsedMs),
    allRejected: rejected > 0 && published === 0 && duplicates === 0,
  };
}

/** The process's exit code once a run ended by itself and its service stopped with `stopCode`. */
export function exitCodeOf(summary: IngestSummary | undefined, stopCode: number): number {
  if (stopCode !== 0) return stopCode;
  return summary?.end === 'finished' && summary.allRejected ? ALL_REJECTED_EXIT_CODE : 0;
}

const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const n = (value: number) => numbers.format(value);

/** The summary for a person, several lines, e.g. `ingest of quotes.csv finished in 1.2 s …`. */
export function formatSummary(summary: IngestSummary, what: string, deadLetterKey: string): string {
  const { alreadyIngested: skipped } = summary;
  const lines = [
    `ingest of ${what} ${summary.end} in ${duration(summary.elapsedMs)} (${n(summary.rowsPerSecond)} rows/s)`,
    `  rows read         ${n(summary.read)}`,
    `  published         ${n(summary.published)}`,
    `  already ingested  ${n(skipped.total)} (${n(skipped.checkpoint)} before the checkpoint, ${n(skipped.dedupe)} already in the stream)`,
    `  rejected          ${n(summary.rejected)}${summary.rejected > 0 ? `, in the DLQ ${deadLetterKey}` : ''}`,
  ];
  for (const kind of summary.topReasons) {
    lines.push(`    ${n(kind.count).padStart(7)} × ${kind.reason} (first at line ${kind.firstLine})`);
  }
  const unlisted = summary.reasonKinds - summary.topReasons.length;
  if (unlisted > 0) lines.push(`    … and ${n(unlisted)} more kinds of rejection`);
  const { filter, empty } = summary.skippedMessages;
  if (filter + empty > 0) {
    lines.push(
      `  skipped messages  ${n(filter + empty)} (${n(filter)} not matching the filter, ${n(empty)} with no records)`,
    );
  }
  if (summary.end === 'finished' && summary.allRejected) {
    lines.push(`  every row was rejected: exit code ${ALL_REJECTED_EXIT_CODE}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `850 ms`, `12.3 s`, `4 min 05 s`. */
function duration(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1_000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}
