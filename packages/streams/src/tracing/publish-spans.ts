// The spans of a publish. One event (publish, or publishAll of one): a `send <destination>`
// PRODUCER span, child of the active context (a handler's process span), whose context goes
// into the event. Several (publishAll): a `create <destination>` PRODUCER span per event,
// child of the active context (with none, each event starts a trace of its own: one trace
// per tick at ingest), its context in that event; and one `send` CLIENT span for the call,
// with the message count and a link per event. The send span ends when the call's events are
// settled (Redis answered, or the call failed). With no SDK, no span and nothing injected. Under
// an unsampled parent, when the sampler is parent-based: no span at all, the parent's
// context (flags 00) goes into the events as it is.
import {
  type Attributes,
  type Context,
  context,
  type Link,
  type Span,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import type { AnyEvent, PartitionKeys } from '@tickflow/events';
import {
  ATTR,
  type Destination,
  destinationOf,
  MAX_LINKS,
  MIXED_SEND,
  recordFailure,
  type SpanShape,
  spanShape,
} from './attributes.ts';
import { carriesExtracted, injectIntoEvent } from './carrier.ts';
import { hasContext, tracer, tracingOn, unsampledParent } from './tracer.ts';

/** An event queued by the publisher: its trace context is injected in place. */
export interface PublishItem {
  event: AnyEvent;
  readonly keys: PartitionKeys;
}

interface ProducerShapes {
  readonly destination: Destination;
  readonly send: SpanShape;
  readonly batchSend: SpanShape;
  readonly create: SpanShape;
}

// Per partition keys object: the publisher keeps one per partition, so this is made once.
const shapesByKeys = new WeakMap<PartitionKeys, ProducerShapes>();

function shapesOf(keys: PartitionKeys): ProducerShapes {
  let shapes = shapesByKeys.get(keys);
  if (shapes === undefined) {
    const destination = destinationOf(keys.stream);
    shapes = {
      destination,
      send: spanShape('send', SpanKind.PRODUCER, destination),
      batchSend: spanShape('send', SpanKind.CLIENT, destination),
      create: spanShape('create', SpanKind.PRODUCER, destination),
    };
    shapesByKeys.set(keys, shapes);
  }
  return shapes;
}

/**
 * Starts the spans of one publish or publishAll call (its events are `items[from..]`) and
 * injects their contexts into the events. Returns the send span to end once the call is
 * settled; undefined when there is nothing to end (no SDK, or tracing failed: never thrown).
 */
export function startPublishSpans(items: PublishItem[], from: number): Span | undefined {
  try {
    if (!tracingOn()) return undefined;
    const parent = context.active();
    if (unsampledParent(parent)) {
      // A parent-based sampler would sample none of the spans: the trace goes on unsampled.
      for (let i = from; i < items.length; i++) {
        const item = items[i] as PublishItem;
        // Derived from the entry being handled: it carries the parent's context already.
        if (!carriesExtracted(item.event, parent)) item.event = injectIntoEvent(item.event, parent);
      }
      return undefined;
    }
    return items.length - from === 1
      ? startSend(items[from] as PublishItem, parent)
      : startBatch(items, from, parent);
  } catch {
    return undefined;
  }
}

function startSend(item: PublishItem, parent: Context): Span | undefined {
  const { send } = shapesOf(item.keys);
  const span = tracer.startSpan(send.name, send.options, parent);
  // Invalid only without an SDK (and no span around): nothing to inject, nothing to end.
  if (!hasContext(span)) return undefined;
  if (span.isRecording()) span.setAttribute(ATTR.messageId, item.event.id);
  item.event = injectIntoEvent(item.event, trace.setSpan(parent, span));
  return span;
}

function startBatch(items: PublishItem[], from: number, parent: Context): Span | undefined {
  const first = (items[from] as PublishItem).keys;
  let oneStream = true;
  for (let i = from + 1; i < items.length && oneStream; i++) {
    oneStream = (items[i] as PublishItem).keys.stream === first.stream;
  }
  const shape = oneStream ? shapesOf(first).batchSend : MIXED_SEND;
  const send = tracer.startSpan(shape.name, shape.options, parent);
  if (!hasContext(send)) return undefined;
  const links: Link[] | undefined = send.isRecording() ? [] : undefined;
  for (let i = from; i < items.length; i++) {
    const item = items[i] as PublishItem;
    const { create, destination } = shapesOf(item.keys);
    const span = tracer.startSpan(create.name, create.options, parent);
    if (span.isRecording()) span.setAttribute(ATTR.messageId, item.event.id);
    item.event = injectIntoEvent(item.event, trace.setSpan(parent, span));
    span.end();
    if (links !== undefined && links.length < MAX_LINKS) {
      links.push({ context: span.spanContext(), attributes: linkAttributes(item.event.id, destination) });
    }
  }
  if (links !== undefined) {
    send.setAttribute(ATTR.batchCount, items.length - from);
    send.addLinks(links);
  }
  return send;
}

/** A batch's per-message attributes go on its links (the conventions' rule for batches). */
function linkAttributes(eventId: string, destination: Destination): Attributes {
  const attributes: Attributes = {
    [ATTR.messageId]: eventId,
    [ATTR.destination]: destination.name,
  };
  if (destination.partition !== undefined) attributes[ATTR.partition] = destination.partition;
  return attributes;
}

/** Redis answered: ends the send span (one event's entry id and whether it was a duplicate on it). */
export function endSend(span: Span, results: readonly { entryId: string; duplicate: boolean }[]): void {
  try {
    const only = results.length === 1 ? results[0] : undefined;
    if (only !== undefined && span.isRecording()) {
      span.setAttribute(ATTR.entryId, only.entryId);
      span.setAttribute(ATTR.duplicate, only.duplicate);
    }
    span.end();
  } catch {
    // Tracing never breaks a publish.
  }
}

/** The call failed: the error on the send span, which ends. */
export function failSend(span: Span, error: unknown): void {
  try {
    recordFailure(span, error);
    span.end();
  } catch {
    // As above.
  }
}
