// A run compared with a reference run, stream by stream and in the ledger: what is missing
// (in the reference, not in the run), what is extra, what is there twice. Events are compared
// whole (every field but when the process created them and the trace), as the digest does.
import { EVENT_TYPES, type EventType, type FillEvent } from '@tickflow/events';
import { canonicalEvent } from '../support/digest.ts';
import { independentLedger } from '../support/independent-ledger.ts';
import type { RunResult } from '../support/pipeline-run.ts';
import { recorderLedger } from '../support/recorder-ledger.ts';

export interface StreamDiff {
  readonly type: EventType;
  readonly count: number;
  readonly reference: number;
  /** Events of the reference the run does not have. */
  readonly missing: number;
  /** Events of the run the reference does not have. */
  readonly extra: number;
  /** Event ids the run holds more than once. */
  readonly duplicates: number;
}

export interface RunDiff {
  readonly streams: readonly StreamDiff[];
  readonly ledger: {
    readonly fills: number;
    readonly referenceFills: number;
    /** Execution ids among the fills more than once. */
    readonly executionsTwice: number;
    readonly netPnl: string;
    readonly referenceNetPnl: string;
    /** (strategy, symbol) positions that differ from the reference's. */
    readonly positionsDiffering: number;
    /** fill-recorder's answer equals a recomputation from the run's own fill stream. */
    readonly matchesOwnFills: boolean;
  };
}

export function diffRuns(run: RunResult, reference: RunResult): RunDiff {
  const streams = EVENT_TYPES.map((type) => {
    const events = run.events.get(type) ?? [];
    const referenceEvents = reference.events.get(type) ?? [];
    const ids = events.map((event) => event.id);
    const canonical = events.map(canonicalEvent);
    const referenceCanonical = referenceEvents.map(canonicalEvent);
    return {
      type,
      count: events.length,
      reference: referenceEvents.length,
      missing: notIn(referenceCanonical, canonical),
      extra: notIn(canonical, referenceCanonical),
      duplicates: ids.length - new Set(ids).size,
    };
  });
  const fills = (run.events.get('fill') ?? []) as FillEvent[];
  const executions = fills.map((fill) => fill.data.execution_id);
  const mine = recorderLedger(run);
  const theirs = recorderLedger(reference);
  const key = (p: (typeof mine.positions)[number]) => JSON.stringify(p);
  return {
    streams,
    ledger: {
      fills: mine.fills,
      referenceFills: theirs.fills,
      executionsTwice: executions.length - new Set(executions).size,
      netPnl: mine.netPnl,
      referenceNetPnl: theirs.netPnl,
      positionsDiffering: notIn(mine.positions.map(key), theirs.positions.map(key)),
      matchesOwnFills: JSON.stringify(mine) === JSON.stringify(independentLedger(fills)),
    },
  };
}

/** Nothing missing, extra or twice in any stream, and the same ledger as the reference. */
export function sameAsReference(diff: RunDiff): boolean {
  const { ledger } = diff;
  return (
    diff.streams.every((s) => s.missing === 0 && s.extra === 0 && s.duplicates === 0) &&
    ledger.fills === ledger.referenceFills &&
    ledger.executionsTwice === 0 &&
    ledger.netPnl === ledger.referenceNetPnl &&
    ledger.positionsDiffering === 0 &&
    ledger.matchesOwnFills
  );
}

/** The diff as lines for the test's output. */
export function describeDiff(title: string, diff: RunDiff): string {
  const lines = diff.streams.map(
    (s) =>
      `  ${s.type.padEnd(12)} ${String(s.count).padStart(6)} (reference ${s.reference}): ` +
      `missing ${s.missing}, extra ${s.extra}, twice ${s.duplicates}`,
  );
  const { ledger } = diff;
  lines.push(
    `  ledger       fills ${ledger.fills} (reference ${ledger.referenceFills}), executions twice ${ledger.executionsTwice}, ` +
      `net P&L ${ledger.netPnl} (reference ${ledger.referenceNetPnl}), positions differing ${ledger.positionsDiffering}, ` +
      `equal to a recomputation from its fills: ${ledger.matchesOwnFills}`,
  );
  return [title, ...lines].join('\n');
}

/** How many of `values` are not in `other`, counted as multisets. */
function notIn(values: readonly string[], other: readonly string[]): number {
  const left = new Map<string, number>();
  for (const value of other) left.set(value, (left.get(value) ?? 0) + 1);
  let count = 0;
  for (const value of values) {
    const n = left.get(value) ?? 0;
    if (n > 0) left.set(value, n - 1);
    else count++;
  }
  return count;
}
