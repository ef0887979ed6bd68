// Building events. Both builders validate, so an event that exists in memory is valid and
// the codec can encode it without checking again.
import { type AnyEvent, type Envelope, validateEvent } from './envelope.ts';
import { derivedEventId, newEventId } from './ids.ts';
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
    data: input.data,
  }) as Envelope<T>;
}

function keyOf(data: unknown): unknown {
  return typeof data === 'object' && data !== null && 'symbol' in data ? data.symbol : undefined;
}
