// What tracing keeps per partition and group on the consumer side: the span shapes (made
// once), and the recorded process spans of the entries not yet settled, so that the ack
// that settles them links to them, a dead-letter move hangs under the entry's last attempt,
// and a handler running again on an entry says so. Found by the partition's labels object
// (one per partition keys and group, handed to the handlers' run and to the settlement
// alike), so no runtime structure has to carry it.
import { type SpanContext, SpanKind, TraceFlags } from '@opentelemetry/api';
import { ATTR, type Destination, destinationOf, MAX_LINKS, type SpanShape, spanShape } from './attributes.ts';

/** The identity of a partition for one group: the runtime's PartitionLabels. */
export interface PartitionRef {
  readonly stream: string;
  readonly group: string;
}

interface EntryRecord {
  /** The entry's latest recorded process span. */
  context: SpanContext;
  readonly eventId: string;
  /** Handlers that ran on the entry in this worker (a run again is a rerun). */
  readonly handlers: string[];
}

export interface PartitionTrace {
  readonly destination: Destination;
  readonly process: SpanShape;
  readonly settle: SpanShape;
  readonly deadLetter: SpanShape;
  /** Entries with a recorded process span and not yet settled, by entry id. */
  readonly entries: Map<string, EntryRecord>;
}

/** Bound on entries remembered (about in-flight entries at most); past it they start over. */
const MAX_ENTRIES = 10_000;

const traces = new WeakMap<PartitionRef, PartitionTrace>();

export function partitionTrace(ref: PartitionRef): PartitionTrace {
  let found = traces.get(ref);
  if (found === undefined) {
    const destination = destinationOf(ref.stream);
    found = {
      destination,
      process: spanShape('process', SpanKind.CONSUMER, destination, ref.group),
      settle: spanShape('settle', SpanKind.CLIENT, destination, ref.group),
      deadLetter: spanShape('dead_letter', SpanKind.CLIENT, destination, ref.group),
      entries: new Map(),
    };
    traces.set(ref, found);
  }
  return found;
}

/** A new worker starts on the partition: what an earlier one recorded will not be acked by it. */
export function forgetEntries(ref: PartitionRef): void {
  traces.get(ref)?.entries.clear();
}

/** True when `handler` already ran on the entry in this worker (an undone attempt, redone). */
export function ranBefore(partition: PartitionTrace, entryId: string, handler: string): boolean {
  return partition.entries.get(entryId)?.handlers.includes(handler) ?? false;
}

/** Remembers a recorded process span of an entry until the entry is settled. */
export function recordProcess(
  partition: PartitionTrace,
  entryId: string,
  eventId: string,
  handler: string,
  context: SpanContext,
): void {
  const found = partition.entries.get(entryId);
  if (found === undefined) {
    if (partition.entries.size >= MAX_ENTRIES) partition.entries.clear();
    partition.entries.set(entryId, { context, eventId, handlers: [handler] });
    return;
  }
  found.context = context;
  if (!found.handlers.includes(handler)) found.handlers.push(handler);
}

/** The latest recorded process span of an entry, forgotten: the entry is being settled. */
export function takeEntry(partition: PartitionTrace, entryId: string): SpanContext | undefined {
  const found = partition.entries.get(entryId);
  if (found !== undefined) partition.entries.delete(entryId);
  return found?.context;
}

export interface SettledSpans {
  /** The first sampled one: the parent of the settle span, so each tick's trace shows an ack. */
  readonly first: SpanContext;
  /** One per sampled entry (up to MAX_LINKS), with the entry's ids. */
  readonly links: { context: SpanContext; attributes: Record<string, string> }[];
}

/** The sampled process spans of the entries `ids` settles (all forgotten); undefined when none. */
export function takeSettled(partition: PartitionTrace, ids: readonly string[]): SettledSpans | undefined {
  if (partition.entries.size === 0) return undefined;
  let first: SpanContext | undefined;
  const links: SettledSpans['links'] = [];
  for (const id of ids) {
    const found = partition.entries.get(id);
    if (found === undefined) continue;
    partition.entries.delete(id);
    // Recorded but not sampled (a record-only sampler): not exported, nothing to link to.
    if ((found.context.traceFlags & TraceFlags.SAMPLED) === 0) continue;
    first ??= found.context;
    if (links.length < MAX_LINKS) {
      links.push({
        context: found.context,
        attributes: { [ATTR.messageId]: found.eventId, [ATTR.entryId]: id },
      });
    }
  }
  return first === undefined ? undefined : { first, links };
}
