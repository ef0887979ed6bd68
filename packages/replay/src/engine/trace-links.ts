// A replay's copies start new traces linked to the originals. A copy keeps its source's
// fields, so without this its `traceparent` would make every consumer in the replay
// namespace a child of the live trace: a backtest's spans mixed into production's traces.
// So, for each copy carrying a `traceparent`:
// - tracing on: a `replay <destination>` PRODUCER span, a new root, linked to the original
//   context (the messaging conventions' choice where the spec says nothing: a new span linked
//   to the creation context); its context replaces the copy's traceparent (and tracestate).
//   A sampled-out span still has a valid context: it is written too (flags 00), so the
//   replay's consumers make the same sampling decision, as a parent-based sampler expects;
// - tracing off (no SDK: the span comes back with an invalid context): traceparent and
//   tracestate are removed from the copy, so its consumers never join the live trace.
// The W3C format is written and read here directly rather than through the global
// propagator: the envelope fields are W3C by definition, whatever propagators a process
// configured. The digest ignores traceparent (digest/canonical.ts), so none of this changes it.
//
// Cost at max speed: once a batch finds tracing off, its other entries start no span at
// all; an entry then costs a scan of its ~8 field names and, only when it carries a
// traceparent, the one array of its copy's fields (it has to differ from the source's).
import {
  type Attributes,
  createTraceState,
  isSpanContextValid,
  type Link,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { EVENT_SPECS, KEY_PREFIX, parseStreamKey } from '@tickflow/events';
import type { StoredEvent } from '@tickflow/streams';

const TRACER = '@tickflow/replay';
const W3C_TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Span attributes of a replay copy (messaging conventions, plus the run's own). */
export const REPLAY_ATTRIBUTES = {
  runId: 'tickflow.replay.run_id',
  sourceNamespace: 'tickflow.replay.source_namespace',
  targetNamespace: 'tickflow.replay.target_namespace',
  // As the streams runtime names it on its spans (packages/streams/src/tracing/attributes.ts).
  entryId: 'messaging.redis.stream.entry_id',
  alreadyPresent: 'tickflow.replay.already_present',
} as const;

export interface ReplayTracingOptions {
  readonly runId: string;
  readonly sourceNamespace: string;
  readonly targetNamespace: string;
}

export interface ReplayTracing {
  /** The tracing of one write attempt: call fieldsOf for the batch's entries in order. */
  startBatch(): BatchTracing;
}

export interface BatchTracing {
  /**
   * The fields the copy is written with: `fields` itself when they carry no traceparent,
   * else a copy with a new linked trace's traceparent — or none when tracing is off.
   */
  fieldsOf(fields: readonly string[], stored: StoredEvent, targetStream: string): readonly string[];
  /** Entry `index` of the batch was written (or was there already): its span ends. */
  settle(index: number, outcome: 'written' | 'present'): void;
  /** The write failed: every span not settled ends with the error. */
  fail(error: unknown): void;
}

export function createReplayTracing(options: ReplayTracingOptions): ReplayTracing {
  // Resolved per batch through the global API, so a provider registered later is used.
  const destinations = new Map<string, string>();
  const destinationOf = (targetStream: string): string => {
    let destination = destinations.get(targetStream);
    if (destination === undefined) {
      destination = withoutPartition(targetStream);
      destinations.set(targetStream, destination);
    }
    return destination;
  };

  return {
    startBatch() {
      const tracer = trace.getTracer(TRACER);
      let tracingOff = false;
      let next = 0;
      // Allocated only once a span is recording: nothing per batch when tracing is off.
      let spans: (Span | undefined)[] | undefined;

      return {
        fieldsOf(fields, stored, targetStream) {
          const index = next++;
          const at = fieldIndex(fields, 'traceparent');
          if (at < 0) return fields;
          const stateAt = fieldIndex(fields, 'tracestate');
          if (tracingOff) return withTraceContext(fields, at, stateAt, undefined);
          const destination = destinationOf(targetStream);
          const span = tracer.startSpan(
            `replay ${destination}`,
            {
              kind: SpanKind.PRODUCER,
              root: true,
              attributes: attributesOf(stored, destination, options),
              links: linkTo(
                fields[at + 1] as string,
                stateAt < 0 ? undefined : (fields[stateAt + 1] as string),
              ),
            },
            ROOT_CONTEXT,
          );
          const context = span.spanContext();
          if (!isSpanContextValid(context)) {
            // No SDK: the API's no-op span. Every span of this batch would be the same.
            tracingOff = true;
            return withTraceContext(fields, at, stateAt, undefined);
          }
          if (span.isRecording()) {
            spans ??= [];
            spans[index] = span;
          }
          return withTraceContext(fields, at, stateAt, context);
        },
        settle(index, outcome) {
          const span = spans?.[index];
          if (span === undefined || spans === undefined) return;
          spans[index] = undefined;
          if (outcome === 'present') span.setAttribute(REPLAY_ATTRIBUTES.alreadyPresent, true);
          span.end();
        },
        fail(error) {
          if (spans === undefined) return;
          for (const [index, span] of spans.entries()) {
            if (span === undefined) continue;
            spans[index] = undefined;
            span.setAttribute('error.type', error instanceof Error ? error.name : 'Error');
            span.setStatus({
              code: SpanStatusCode.ERROR,
              message: error instanceof Error ? error.message : String(error),
            });
            span.end();
          }
        },
      };
    },
  };
}

function attributesOf(stored: StoredEvent, destination: string, options: ReplayTracingOptions): Attributes {
  return {
    'messaging.system': 'redis',
    'messaging.operation.name': 'replay',
    'messaging.operation.type': 'send',
    'messaging.destination.name': destination,
    'messaging.destination.partition.id': String(stored.partition),
    'messaging.message.id': stored.event.id,
    [REPLAY_ATTRIBUTES.entryId]: stored.entryId,
    [REPLAY_ATTRIBUTES.runId]: options.runId,
    [REPLAY_ATTRIBUTES.sourceNamespace]: options.sourceNamespace,
    [REPLAY_ATTRIBUTES.targetNamespace]: options.targetNamespace,
  };
}

/** The link to the original's context; none when its traceparent is not W3C (it is never written back). */
function linkTo(traceparent: string, tracestate: string | undefined): Link[] {
  const parsed = W3C_TRACEPARENT.exec(traceparent);
  if (parsed === null) return [];
  const original: SpanContext = {
    traceId: parsed[1] as string,
    spanId: parsed[2] as string,
    traceFlags: Number.parseInt(parsed[3] as string, 16),
    isRemote: true,
    ...(tracestate ? { traceState: createTraceState(tracestate) } : {}),
  };
  return isSpanContextValid(original) ? [{ context: original }] : [];
}

/**
 * The fields with the traceparent at `at` (and the tracestate at `stateAt`, -1 if none) set
 * from `context`, or both removed when it is undefined. A new array: `fields` are the source's.
 */
function withTraceContext(
  fields: readonly string[],
  at: number,
  stateAt: number,
  context: SpanContext | undefined,
): string[] {
  const state = context?.traceState?.serialize() || undefined;
  const copy: string[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    if (i === stateAt) continue;
    if (i !== at) {
      copy.push(fields[i] as string, fields[i + 1] as string);
      continue;
    }
    if (context === undefined) continue;
    const flags = (context.traceFlags & 0xff).toString(16).padStart(2, '0');
    copy.push('traceparent', `00-${context.traceId}-${context.spanId}-${flags}`);
    if (state !== undefined) copy.push('tracestate', state);
  }
  return copy;
}

/** The index of the field named `name` in a stream entry's [name, value, …] list, or -1. */
function fieldIndex(fields: readonly string[], name: string): number {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return i;
  return -1;
}

/** `tf:{ns:md:3~1303}` → `tf:{ns:md}`: the stream a partition belongs to (messaging.destination.name). */
function withoutPartition(stream: string): string {
  const parsed = parseStreamKey(stream);
  if (parsed === undefined) return stream;
  return `${KEY_PREFIX}:{${parsed.namespace}:${EVENT_SPECS[parsed.type].streamTag}}`;
}
