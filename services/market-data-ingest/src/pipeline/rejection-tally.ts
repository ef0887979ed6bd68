// Why records were rejected, counted by kind for the end-of-run summary. Reasons are grouped
// by field and reason text with the offending value taken out: a file with a thousand bad
// prices has one kind of problem, not a thousand. Memory stays bounded whatever the input:
// past MAX_KINDS distinct kinds, the rest are lumped together under OTHER_REASONS.
import type { RejectedRecord } from '../source-record.ts';
import type { IngestObserver } from './ingest-observer.ts';

/** Distinct kinds of rejection tracked; later new kinds are counted under OTHER_REASONS. */
export const MAX_KINDS = 100;
/** The kind every rejection past MAX_KINDS distinct kinds is counted under. */
export const OTHER_REASONS = '(other reasons)';
/** Longest kind kept: a reason quoting a long input must not make a long key. */
const MAX_KIND_CHARS = 200;

export interface RejectionKind {
  /** `<field>: <reason without its value>`, or OTHER_REASONS. */
  readonly reason: string;
  readonly count: number;
  /** The line (or message number) of its first rejection. */
  readonly firstLine: number;
}

export interface RejectionTally {
  /** The observer that counts every dead-lettered record. */
  readonly observer: IngestObserver;
  /** The `limit` most frequent kinds, most frequent first (ties: the earliest first). */
  top(limit: number): RejectionKind[];
  /** How many distinct kinds were seen (OTHER_REASONS counting as one). */
  readonly kinds: number;
}

export function createRejectionTally(): RejectionTally {
  const byKind = new Map<string, { count: number; firstLine: number }>();
  const count = (record: RejectedRecord) => {
    let kind = rejectionKind(record);
    if (!byKind.has(kind) && byKind.size >= MAX_KINDS) kind = OTHER_REASONS;
    const entry = byKind.get(kind);
    if (entry === undefined) byKind.set(kind, { count: 1, firstLine: record.line });
    else {
      entry.count += 1;
      // Batches are written in line order, but keep the minimum anyway: it is what "first" means.
      entry.firstLine = Math.min(entry.firstLine, record.line);
    }
  };
  return {
    observer: {
      read: () => undefined,
      skipped: () => undefined,
      written: (_result, rejected) => {
        for (const record of rejected) count(record);
      },
    },
    top: (limit) =>
      [...byKind]
        .map(([reason, { count, firstLine }]) => ({ reason, count, firstLine }))
        .sort((a, b) => b.count - a.count || a.firstLine - b.firstLine)
        .slice(0, limit),
    get kinds() {
      return byKind.size;
    },
  };
}

/**
 * The kind of a rejection: its field and reason, with what varies from row to row taken
 * out — the value after "got", positions in a JSON syntax error, cell numbers — and only
 * the first problem of a row kept ("; also …" lists the others).
 */
export function rejectionKind(record: Pick<RejectedRecord, 'field' | 'reason'>): string {
  const reason = (record.reason.split('; also ')[0] ?? '')
    // A JSON-quoted value (escapes included), or a bare number, possibly "123n" or "5 ns".
    .replace(/\bgot "(?:[^"\\]|\\.)*"(?:…)?/g, 'got "…"')
    .replace(/\bgot -?\d[\w.+-]*/g, 'got …')
    // JSON.parse: `Unexpected token 'x', "abc" is not valid JSON`, `… in JSON at position 7 (line 1 column 8)`.
    .replace(/token '.*?', ".*" is not valid JSON/g, `token '…', "…" is not valid JSON`)
    .replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?/g, ' in JSON')
    .replace(/\b(cell|column) \d+/g, '$1 #');
  const kind = `${record.field}: ${reason}`;
  return kind.length <= MAX_KIND_CHARS ? kind : `${kind.slice(0, MAX_KIND_CHARS)}…`;
}
