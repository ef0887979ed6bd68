// Spans of the fenced scripts that settle entries. An ack (`settle <destination>`, CLIENT)
// covers many entries at once: it gets a span only when at least one of them had a sampled
// process span, with a link to each (bounded), and the first one as its parent, so the
// trace of that tick shows its ack (the others reach it by their link). A dead-letter move
// (`dead_letter <destination>`, CLIENT) hangs under the entry's last process span (or, for an
// entry that never reached a handler, under the context its fields carry), so the trace of
// that event shows where it went and why. With nothing sampled, an ack costs one map lookup.
import { ROOT_CONTEXT, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Settled } from '../fenced-call.ts';
import { ATTR, recordFailure, shortReason } from './attributes.ts';
import { extractFromFields } from './carrier.ts';
import { type PartitionRef, partitionTrace, takeEntry, takeSettled } from './partition-trace.ts';
import { tracer, unsampledParent } from './tracer.ts';

/** The span of an ack of `ids`, or undefined when none of them was sampled. */
export function startSettle(ref: PartitionRef, ids: readonly string[]): Span | undefined {
  try {
    const partition = partitionTrace(ref);
    const settled = takeSettled(partition, ids);
    if (settled === undefined) return undefined;
    const { name, options } = partition.settle;
    const span = tracer.startSpan(
      name,
      { ...options, links: settled.links },
      trace.setSpanContext(ROOT_CONTEXT, settled.first),
    );
    if (span.isRecording()) span.setAttribute(ATTR.batchCount, ids.length);
    return span;
  } catch {
    return undefined;
  }
}

/** What a dead-letter move says (settlement.ts' DeadLetterMove). */
export interface DeadLetterInfo {
  readonly kind: string;
  readonly reason: string;
  readonly deliveries: number;
  readonly eventId?: string | undefined;
  readonly handler?: string | undefined;
}

/**
 * The span of moving `entry` to the dead-letter stream, together with the ack of `settledIds`
 * (processed before it); undefined when not recording.
 */
export function startDeadLetter(
  ref: PartitionRef,
  entry: { readonly id: string; readonly fields: readonly string[] | null },
  move: DeadLetterInfo,
  settledIds: readonly string[],
): Span | undefined {
  try {
    const partition = partitionTrace(ref);
    const lastAttempt = takeEntry(partition, entry.id);
    const parent =
      lastAttempt === undefined
        ? extractFromFields(entry.fields)
        : trace.setSpanContext(ROOT_CONTEXT, lastAttempt);
    const settled = takeSettled(partition, settledIds);
    // A parent-based sampler would not sample it (the settled entries' links do not count).
    if (unsampledParent(parent)) return undefined;
    const { name, options } = partition.deadLetter;
    const span = tracer.startSpan(
      name,
      settled === undefined ? options : { ...options, links: settled.links },
      parent,
    );
    if (!span.isRecording()) return undefined;
    span.setAttribute(ATTR.entryId, entry.id);
    span.setAttribute(ATTR.deliveryCount, move.deliveries);
    span.setAttribute(ATTR.batchCount, settledIds.length + 1);
    span.setAttribute(ATTR.deadLetterKind, move.kind);
    span.setAttribute(ATTR.deadLetterReason, shortReason(move.reason));
    if (move.eventId !== undefined) span.setAttribute(ATTR.messageId, move.eventId);
    if (move.handler !== undefined) span.setAttribute(ATTR.handler, move.handler);
    return span;
  } catch {
    return undefined;
  }
}

/** `outcome`, once it settled, with the span (if any) ended on it. */
export function endedWith(span: Span | undefined, outcome: Promise<Settled>): Promise<Settled> {
  if (span === undefined) return outcome;
  return outcome.then(
    (settled) => {
      endSettle(span, settled);
      return settled;
    },
    (error: unknown) => {
      try {
        recordFailure(span, error);
        span.end();
      } catch {
        // Tracing never changes an outcome.
      }
      throw error;
    },
  );
}

function endSettle(span: Span, settled: Settled): void {
  try {
    span.setAttribute(ATTR.settleOutcome, settled);
    if (settled === 'fenced') {
      // Redis refused it: the lease is someone else's, the entries stay pending for them.
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: 'fenced: the partition lease is held by another consumer',
      });
      span.setAttribute(ATTR.errorType, 'fenced');
    }
    span.end();
  } catch {
    // As above.
  }
}
