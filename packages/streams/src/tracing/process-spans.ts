// The `process <destination>` CONSUMER span around each handler call. Its parent is the
// context the entry carries (the producer's span): one message at a time, as the kafkajs and
// BullMQ instrumentations do, so one trace follows a tick from service to service. The
// handler runs with the span active (context.with, synchronous), so what it publishes
// becomes the span's child. With no SDK: one extract per entry (a no-op), no span, and the
// handler is called directly. Under an unsampled parent, when the sampler is
// parent-based: no span, the handler runs with the parent's context active as it is.
import {
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  type Span,
  trace,
} from '@opentelemetry/api';
import type { AnyEvent } from '@tickflow/events';
import { ATTR, recordFailure } from './attributes.ts';
import { extractFromEvent } from './carrier.ts';
import { type PartitionTrace, ranBefore, recordProcess } from './partition-trace.ts';
import { hasContext, NO_SPAN, tracer, tracingOn, unsampledParent } from './tracer.ts';

/**
 * What startProcess hands back under an unsampled parent: no span, the handler to run under
 * the parent itself (its non-recording span carries the upstream trace id and flags 00, so
 * what the handler publishes stays in the trace, unsampled). Ending it does nothing.
 */
const UNDER_PARENT: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** What a process span describes: one delivery of an entry. */
export interface ProcessRun {
  readonly event: AnyEvent;
  readonly context: { readonly entryId: string; readonly deliveries: number };
}

/** The parent of the entry's process spans: the context its event carries. */
export function processParent(event: AnyEvent): Context {
  try {
    return extractFromEvent(event);
  } catch {
    return ROOT_CONTEXT;
  }
}

export function startProcess(
  partition: PartitionTrace,
  parent: Context,
  run: ProcessRun,
  handler: string,
): Span {
  try {
    if (!tracingOn()) return NO_SPAN;
    // A parent-based sampler would sample none: not starting it saves the SDK's work.
    if (unsampledParent(parent)) return UNDER_PARENT;
    const span = tracer.startSpan(partition.process.name, partition.process.options, parent);
    if (span.isRecording()) describe(span, partition, run, handler);
    return span;
  } catch {
    return NO_SPAN;
  }
}

function describe(span: Span, partition: PartitionTrace, run: ProcessRun, handler: string): void {
  const { entryId, deliveries } = run.context;
  // A second run of this handler on this entry here: after a retry that is not counted as a
  // delivery (open circuit, Redis away), or after a later entry's failure undid the batch.
  const rerun = ranBefore(partition, entryId, handler);
  span.setAttribute(ATTR.messageId, run.event.id);
  span.setAttribute(ATTR.entryId, entryId);
  span.setAttribute(ATTR.deliveryCount, deliveries);
  span.setAttribute(ATTR.handler, handler);
  span.setAttribute(ATTR.attempt, deliveries);
  span.setAttribute(ATTR.redelivered, deliveries > 1 || rerun);
  if (rerun) span.setAttribute(ATTR.rerun, true);
}

/**
 * Calls `handle(event, handlerContext)` with the span active (the parent, for UNDER_PARENT).
 * Whatever the handler throws or returns comes back unchanged; a synchronous handler is
 * called synchronously.
 */
export function callInSpan<C, R>(
  span: Span,
  parent: Context,
  handle: (event: AnyEvent, handlerContext: C) => R,
  event: AnyEvent,
  handlerContext: C,
): R {
  if (span === UNDER_PARENT) return context.with(parent, handle, undefined, event, handlerContext);
  if (!hasContext(span)) return handle(event, handlerContext);
  return context.with(trace.setSpan(parent, span), handle, undefined, event, handlerContext);
}

export function processSucceeded(
  partition: PartitionTrace,
  span: Span,
  run: ProcessRun,
  handler: string,
): void {
  try {
    if (span.isRecording()) {
      recordProcess(partition, run.context.entryId, run.event.id, handler, span.spanContext());
    }
    span.end();
  } catch {
    // Tracing never changes how an entry is handled.
  }
}

export function processFailed(
  partition: PartitionTrace,
  span: Span,
  run: ProcessRun,
  handler: string,
  error: unknown,
): void {
  try {
    if (span.isRecording()) {
      recordProcess(partition, run.context.entryId, run.event.id, handler, span.spanContext());
      recordFailure(span, error);
    }
    span.end();
  } catch {
    // As above.
  }
}
