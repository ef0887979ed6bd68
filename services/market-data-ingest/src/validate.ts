// The one place a candidate becomes a record: its payload goes through the events
// package's own MarketData schema (so ingest accepts exactly what consumers accept), its
// times through the envelope's range, and every issue found on the way is reported.
import {
  checkMarketData,
  EVENT_SPECS,
  type FieldIssue,
  MAX_TIMESTAMP_NS,
  type MarketData,
} from '@tickflow/events';
import type { SourceRecord } from './source-record.ts';

const marketData = EVENT_SPECS.market_data.schema;

/** A record before validation: a payload that may be wrong, and times that may be missing. */
export interface Candidate {
  readonly line: number;
  readonly raw: string;
  readonly data: unknown;
  /** Undefined when reading it failed; that failure is then among `issues`. */
  readonly ts_event: bigint | undefined;
  readonly ts_init?: bigint | undefined;
  /** Issues already found while reading the input (timestamps, columns). */
  readonly issues?: readonly FieldIssue[];
  /** Where a field came from in the input, e.g. `column "ask_amount"`; appended to its reason. */
  readonly origin?: ((field: string) => string | undefined) | undefined;
}

/** Validates a candidate: an accepted record, or a rejected one naming its first bad field. */
export function finishRecord(candidate: Candidate): SourceRecord {
  // Most records are good: those are accepted without building the list of issues.
  const { ts_event, ts_init } = candidate;
  if (
    (candidate.issues === undefined || candidate.issues.length === 0) &&
    ts_event !== undefined &&
    isTimestamp(ts_event) &&
    (ts_init === undefined || isTimestamp(ts_init)) &&
    checkMarketData(candidate.data)
  ) {
    return accepted(candidate.line, candidate.data as MarketData, ts_event, ts_init);
  }
  const issues = [...(candidate.issues ?? [])];
  // A payload in the schema's own shape (what the mapped sources build) is checked by the
  // events package's fast check, which accepts exactly what the schema does, and frozen, so
  // createEvent takes it without a second check; zod otherwise.
  const parsed = checkMarketData(candidate.data)
    ? { success: true as const, data: candidate.data as MarketData }
    : marketData.safeParse(candidate.data);
  if (!parsed.success) issues.unshift(...locate(parsed.error.issues));
  checkTime(issues, 'ts_event', candidate.ts_event);
  checkTime(issues, 'ts_init', candidate.ts_init);

  const [first, ...more] = issues;
  if (first !== undefined || !parsed.success || candidate.ts_event === undefined) {
    const issue = first ?? { field: 'ts_event', message: 'missing' };
    const describe = (i: FieldIssue) => withOrigin(i, candidate.origin);
    const also =
      more.length === 0 ? '' : `; also ${more.map((i) => `${i.field}: ${describe(i)}`).join('; ')}`;
    return {
      ok: false,
      line: candidate.line,
      field: issue.field,
      reason: `${describe(issue)}${also}`,
      raw: candidate.raw,
    };
  }
  return accepted(candidate.line, parsed.data, candidate.ts_event, candidate.ts_init);
}

function accepted(
  line: number,
  data: MarketData,
  ts_event: bigint,
  ts_init: bigint | undefined,
): SourceRecord {
  // exactOptionalPropertyTypes: an absent ts_init is left out, never set to undefined.
  return ts_init === undefined
    ? { ok: true, line, data, ts_event }
    : { ok: true, line, data, ts_event, ts_init };
}

function isTimestamp(value: bigint): boolean {
  return typeof value === 'bigint' && value >= 0n && value <= MAX_TIMESTAMP_NS;
}

// The envelope's timestamp rule, checked here so a far-future or overflowing time is
// rejected at ingest rather than when the publisher builds the event.
function checkTime(issues: FieldIssue[], field: string, value: bigint | undefined): void {
  if (value === undefined) return;
  // A WebSocket parse function is caller code: it may hand over a number despite its type.
  if (typeof value !== 'bigint') {
    issues.push({ field, message: `expected integer ns as a bigint, got ${typeof value}` });
    return;
  }
  if (value >= 0n && value <= MAX_TIMESTAMP_NS) return;
  issues.push({
    field,
    message:
      value < 0n
        ? `a timestamp cannot be before 1970, got ${value} ns`
        : `a timestamp must fit in a signed 64-bit nanosecond clock, got ${value} ns`,
  });
}

interface SchemaIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
}

// zod's issue paths are payload field paths already; an unknown key is an issue of its own.
function locate(issues: readonly SchemaIssue[]): FieldIssue[] {
  const at = (path: readonly PropertyKey[]) => path.map(String).join('.') || '(record)';
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' && issue.keys !== undefined
      ? issue.keys.map((key) => ({ field: at([...issue.path, key]), message: 'not a field of MarketData' }))
      : [{ field: at(issue.path), message: issue.message }],
  );
}

function withOrigin(issue: FieldIssue, origin: ((field: string) => string | undefined) | undefined): string {
  const where = origin?.(issue.field);
  return where === undefined ? issue.message : `${issue.message} (${where})`;
}
