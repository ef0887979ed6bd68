// The envelope every stream entry carries (see docs/architecture.md), and the one place
// that validates a whole event: envelope fields plus the payload of its type.
import { z } from 'zod';
import { canonicalMarketDataEvent } from './envelope-fast-path.ts';
import { type FieldIssue, InvalidEventError } from './errors.ts';
import { expected, isTracestate, symbol, TRACEPARENT_PATTERN, timestampNs } from './primitives.ts';
import { EVENT_SPECS, EVENT_TYPES, type EventType, type PayloadOf } from './registry.ts';

const eventId = z
  .string({ error: expected('a UUID string') })
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, {
    error: expected('a lower-case UUID'),
  });

const traceparent = z.string({ error: expected('a W3C traceparent string') }).regex(TRACEPARENT_PATTERN, {
  error: expected('a W3C traceparent like 00-<32 hex>-<16 hex>-<2 hex>'),
});

const tracestate = z.string({ error: expected('a W3C tracestate string') }).refine(isTracestate, {
  error: expected('a W3C tracestate like vendor=value,other=value (1-32 members, at most 512 characters)'),
});

const envelope = z.strictObject({
  id: eventId,
  type: z.enum(EVENT_TYPES, { error: expected(`one of ${EVENT_TYPES.join(', ')}`) }),
  key: symbol,
  ts_event: timestampNs,
  ts_init: timestampNs,
  corr: eventId,
  cause: eventId.optional(),
  traceparent: traceparent.optional(),
  tracestate: tracestate.optional(),
  data: z.unknown(),
});

/** One event of type T at its current schema version. */
export interface Envelope<T extends EventType = EventType> {
  /** UUIDv7 for new events; deterministic for derived ones (see derivedEventId). */
  readonly id: string;
  readonly type: T;
  /** Partition key: the symbol. Always equal to `data.symbol`. */
  readonly key: string;
  /** When it happened, in nanoseconds since the Unix epoch. */
  readonly ts_event: bigint;
  /** When Tickflow first saw it, in nanoseconds since the Unix epoch. */
  readonly ts_init: bigint;
  /** Correlation id: the originating tick (or replay run) of a chain of events. */
  readonly corr: string;
  /** Causation id: the event this one was derived from. */
  readonly cause?: string;
  /** W3C trace context, so one trace follows a tick across services. */
  readonly traceparent?: string;
  /** W3C tracestate (vendors' trace data) that goes with `traceparent`; never without it. */
  readonly tracestate?: string;
  readonly data: PayloadOf[T];
}

/** Any event: a union discriminated by `type`. */
export type AnyEvent = { [T in EventType]: Envelope<T> }[EventType];

export type MarketDataEvent = Envelope<'market_data'>;
export type SignalEvent = Envelope<'signal'>;
export type OrderEvent = Envelope<'order'>;
export type FillEvent = Envelope<'fill'>;

/**
 * Turns zod's issues into wire-located ones: path ['bid_price'] under base `data` becomes
 * `data.bid_price`; an unknown key becomes an issue of its own, located at that key.
 */
export function locate(issues: readonly z.core.$ZodIssue[], base?: string): FieldIssue[] {
  const at = (path: readonly PropertyKey[]) =>
    [...(base === undefined ? [] : [base]), ...path.map(String)].join('.') || '(event)';
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: at([...issue.path, key]), message: 'not a field of this type' }))
      : [{ field: at(issue.path), message: issue.message }],
  );
}

/**
 * Validates a whole event (envelope, payload of its type, key = data.symbol) and returns
 * it typed, or throws InvalidEventError listing every located issue.
 */
export function validateEvent(candidate: unknown): AnyEvent {
  return canonicalMarketDataEvent(candidate) ?? validateEventFully(candidate);
}

/** validateEvent without the fast path: every candidate through zod. */
export function validateEventFully(candidate: unknown): AnyEvent {
  const parsedEnvelope = envelope.safeParse(candidate);
  const eventIdOf = (value: unknown) =>
    typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string'
      ? value.id
      : undefined;
  if (!parsedEnvelope.success) {
    const payloadIssues = typeIsKnown(candidate)
      ? validatePayload(candidate.type, candidate.data).issues
      : [];
    throw new InvalidEventError([...locate(parsedEnvelope.error.issues), ...payloadIssues], {
      eventId: eventIdOf(candidate),
    });
  }
  const event = parsedEnvelope.data;
  const { issues, data } = validatePayload(event.type, event.data);
  const payloadSymbol =
    typeof data === 'object' && data !== null && 'symbol' in data ? data.symbol : undefined;
  if (issues.length === 0 && payloadSymbol !== event.key) {
    issues.push({
      field: 'key',
      message: `must equal data.symbol (${String(payloadSymbol)}), got "${event.key}"`,
    });
  }
  if (event.tracestate !== undefined && event.traceparent === undefined) {
    // A tracestate means nothing without the traceparent it belongs to (W3C drops it).
    issues.push({ field: 'tracestate', message: 'requires a traceparent, which is missing' });
  }
  if (issues.length > 0) throw new InvalidEventError(issues, { eventId: event.id });
  return shaped(event, data);
}

function typeIsKnown(candidate: unknown): candidate is { type: EventType; data: unknown } {
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    'type' in candidate &&
    typeof candidate.type === 'string' &&
    Object.hasOwn(EVENT_SPECS, candidate.type)
  );
}

function validatePayload(type: EventType, data: unknown): { issues: FieldIssue[]; data: unknown } {
  const parsed = EVENT_SPECS[type].schema.safeParse(data);
  return parsed.success
    ? { issues: [], data: parsed.data }
    : { issues: locate(parsed.error.issues, 'data'), data };
}

/**
 * The event as a fresh object of one shape, fields in envelope order. An optional field is
 * absent, never present as undefined (exactOptionalPropertyTypes); built rather than
 * `delete`d, which would turn every event into a slow dictionary-mode object.
 */
function shaped(event: z.output<typeof envelope>, data: unknown): AnyEvent {
  const out: Record<string, unknown> = {
    id: event.id,
    type: event.type,
    key: event.key,
    ts_event: event.ts_event,
    ts_init: event.ts_init,
    corr: event.corr,
  };
  if (event.cause !== undefined) out.cause = event.cause;
  if (event.traceparent !== undefined) out.traceparent = event.traceparent;
  if (event.tracestate !== undefined) out.tracestate = event.tracestate;
  out.data = data;
  return out as unknown as AnyEvent;
}
