// Building events. Both builders validate, so an event that exists in memory is valid and
// the codec can encode it without checking again.
import { type AnyEvent, type Envelope, validateEvent } from './envelope.ts';
import { type FieldIssue, InvalidEventError } from './errors.ts';
import { derivedEventId, newEventId } from './ids.ts';
import { expected, isTracestate, TRACEPARENT_PATTERN } from './primitives.ts';
import type { EventType, PayloadOf } from './registry.ts';
import { nowNs } from './time.ts';

export interface NewEventInput<T extends EventType> {
  readonly type: T;
  readonly data: PayloadOf[T];
  /** When it happened (ns since epoch). */
  readonly ts_event: bigint;
  /** When Tickflow saw it (ns since epoch); defaults to now. */
  readonly ts_init?: bigint;
  /** Defaults to a fresh UUIDv7. Ingest passes a deterministic id so re-ingesting never duplicates. */
  readonly id?: string;
  /** Defaults to the event's own id: a new event starts its own chain. */
  readonly corr?: string;
  readonly traceparent?: string;
  /** Only with a traceparent. */
  readonly tracestate?: string;
}

/** A new event that starts a chain (a tick from a feed). Throws InvalidEventError. */
export function createEvent<T extends EventType>(input: NewEventInput<T>): Envelope<T> {
  const id = input.id ?? newEventId();
  return validateEvent({
    id,
    type: input.type,
    key: keyOf(input.data),
    ts_event: input.ts_event,
    ts_init: input.ts_init ?? nowNs(),
    corr: input.corr ?? id,
    traceparent: input.traceparent,
    tracestate: input.tracestate,
    data: input.data,
  }) as Envelope<T>;
}

export interface DerivedEventInput<T extends EventType> {
  readonly type: T;
  readonly data: PayloadOf[T];
  /** Who derives it, e.g. `signal-engine/sma-cross`; part of the deterministic id. */
  readonly scope: string;
  /** Which output of the cause this is; defaults to 0. */
  readonly index?: number;
  /** Defaults to the cause's ts_event: handlers work in event time. */
  readonly ts_event?: bigint;
  /** Defaults to now. */
  readonly ts_init?: bigint;
  /** Defaults to the cause's traceparent. */
  readonly traceparent?: string;
  /**
   * Goes with traceparent: the cause's when traceparent is not given either (the two are one
   * trace context), else none unless given.
   */
  readonly tracestate?: string;
}

/**
 * An event caused by another: its id is derived from (scope, cause id, index), so the same
 * handler on the same input emits the same id, and it inherits the cause's correlation id.
 */
export function deriveEvent<T extends EventType>(cause: AnyEvent, input: DerivedEventInput<T>): Envelope<T> {
  return validateEvent({
    id: derivedEventId({ scope: input.scope, cause: cause.id, index: input.index ?? 0 }),
    type: input.type,
    key: keyOf(input.data),
    ts_event: input.ts_event ?? cause.ts_event,
    ts_init: input.ts_init ?? nowNs(),
    corr: cause.corr,
    cause: cause.id,
    traceparent: input.traceparent ?? cause.traceparent,
    tracestate: input.traceparent === undefined ? (input.tracestate ?? cause.tracestate) : input.tracestate,
    data: input.data,
  }) as Envelope<T>;
}

/** A W3C trace context, as a propagator writes it into an event. */
export interface TraceContextFields {
  readonly traceparent: string;
  readonly tracestate?: string | undefined;
}

/**
 * The event with its trace context replaced (tracestate left out when not given): what a
 * publisher does when it injects the context of its own span. Only the two new values are
 * checked, the rest of the event being valid already. Throws InvalidEventError.
 */
export function withTraceContext<E extends AnyEvent>(event: E, trace: TraceContextFields): E {
  const { traceparent, tracestate } = trace;
  if (event.traceparent === traceparent && event.tracestate === tracestate) return event;
  const issues: FieldIssue[] = [];
  if (typeof traceparent !== 'string' || !TRACEPARENT_PATTERN.test(traceparent)) {
    issues.push({
      field: 'traceparent',
      message: expected('a W3C traceparent like 00-<32 hex>-<16 hex>-<2 hex>')({ input: traceparent }),
    });
  }
  if (tracestate !== undefined && (typeof tracestate !== 'string' || !isTracestate(tracestate))) {
    issues.push({ field: 'tracestate', message: expected('a W3C tracestate')({ input: tracestate }) });
  }
  if (issues.length > 0) throw new InvalidEventError(issues, { eventId: event.id });
  // Built in envelope order, like validateEvent's events: one object shape for every event.
  const out: Record<string, unknown> = {
    id: event.id,
    type: event.type,
    key: event.key,
    ts_event: event.ts_event,
    ts_init: event.ts_init,
    corr: event.corr,
  };
  if (event.cause !== undefined) out.cause = event.cause;
  out.traceparent = traceparent;
  if (tracestate !== undefined) out.tracestate = tracestate;
  out.data = event.data;
  return out as unknown as E;
}

function keyOf(data: unknown): unknown {
  return typeof data === 'object' && data !== null && 'symbol' in data ? data.symbol : undefined;
}
