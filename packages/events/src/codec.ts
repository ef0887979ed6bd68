// Events to and from Redis stream field lists. Envelope fields are stream fields of their
// own (readable in redis-cli, and a consumer can route on `type` without parsing the
// payload); the payload is one JSON field. Old versions are validated against their own
// schema, then upcast step by step to the current one.

import { isCanonicalMarketData } from './canonical-market-data.ts';
import { type AnyEvent, locate, validateEvent } from './envelope.ts';
import { type FieldIssue, InvalidEventError } from './errors.ts';
import { isEventId } from './ids.ts';
import { isTracestate, MAX_TIMESTAMP_NS, SYMBOL_PATTERN, TRACEPARENT_PATTERN } from './primitives.ts';
import { EVENT_SPECS, type EventType, isEventType } from './registry.ts';

const REQUIRED = ['id', 'type', 'v', 'key', 'ts_event', 'ts_init', 'corr', 'data'] as const;
// No leading zeros: "007" would decode to 7n and re-encode as "7", which is not lossless.
const TIMESTAMP = /^(0|[1-9]\d{0,18})$/;
const VERSION = /^[1-9]\d{0,5}$/;

/** The stream field list of an event (for XADD): `[name, value, name, value, ...]`. */
export function encodeEvent(event: AnyEvent): string[] {
  const fields = [
    'id',
    event.id,
    'type',
    event.type,
    'v',
    String(EVENT_SPECS[event.type].currentVersion),
    'key',
    event.key,
    'ts_event',
    event.ts_event.toString(),
    'ts_init',
    event.ts_init.toString(),
    'corr',
    event.corr,
  ];
  if (event.cause !== undefined) fields.push('cause', event.cause);
  if (event.traceparent !== undefined) fields.push('traceparent', event.traceparent);
  if (event.tracestate !== undefined) fields.push('tracestate', event.tracestate);
  fields.push('data', JSON.stringify(event.data));
  return fields;
}

/**
 * The event in a stream entry's field list, upcast to the current version. Throws
 * InvalidEventError naming each bad field. Unknown fields are ignored, so a newer producer
 * may add envelope fields without breaking older consumers.
 */
export function decodeEvent(fields: readonly string[]): AnyEvent {
  return decodeCanonical(fields) ?? decodeEventFully(fields);
}

/** decodeEvent without the fast path: every entry through the general reader and zod. */
export function decodeEventFully(fields: readonly string[]): AnyEvent {
  const issues: FieldIssue[] = [];
  const wire = readFields(fields, issues);
  const eventId = wire.get('id');
  const fail = () => new InvalidEventError(issues, { eventId });

  for (const name of REQUIRED) if (!wire.has(name)) issues.push({ field: name, message: 'missing' });
  const tsEvent = readTimestamp(wire, 'ts_event', issues);
  const tsInit = readTimestamp(wire, 'ts_init', issues);
  const data = readData(wire, issues);
  if (issues.length > 0) throw fail();

  const type = wire.get('type') ?? '';
  if (!isEventType(type)) {
    issues.push({ field: 'type', message: `unknown event type "${type}"` });
    throw fail();
  }
  const upcast = upcastPayload(type, wire.get('v') ?? '', data, issues);
  if (issues.length > 0) throw fail();

  return validateEvent({
    id: eventId,
    type,
    key: wire.get('key'),
    ts_event: tsEvent,
    ts_init: tsInit,
    corr: wire.get('corr'),
    // Absent optional fields stay absent: an undefined key would cost a delete later.
    ...(wire.has('cause') ? { cause: wire.get('cause') } : {}),
    ...(wire.has('traceparent') ? { traceparent: wire.get('traceparent') } : {}),
    ...(wire.has('tracestate') ? { tracestate: wire.get('tracestate') } : {}),
    data: upcast,
  });
}

function readFields(fields: readonly string[], issues: FieldIssue[]): Map<string, string> {
  const wire = new Map<string, string>();
  if (fields.length % 2 !== 0) {
    issues.push({
      field: '(fields)',
      message: `expected name/value pairs, got an odd count (${fields.length})`,
    });
  }
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i] as string;
    if (wire.has(name)) issues.push({ field: name, message: 'appears more than once' });
    else wire.set(name, fields[i + 1] as string);
  }
  return wire;
}

function readTimestamp(wire: Map<string, string>, name: string, issues: FieldIssue[]): bigint | undefined {
  const text = wire.get(name);
  if (text === undefined) return undefined;
  if (!TIMESTAMP.test(text)) {
    issues.push({ field: name, message: `expected integer nanoseconds since the epoch, got "${text}"` });
    return undefined;
  }
  return BigInt(text);
}

function readData(wire: Map<string, string>, issues: FieldIssue[]): unknown {
  const text = wire.get('data');
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    issues.push({ field: 'data', message: `not valid JSON (${(error as Error).message})` });
    return undefined;
  }
}

function upcastPayload(
  type: keyof typeof EVENT_SPECS,
  versionText: string,
  data: unknown,
  issues: FieldIssue[],
): unknown {
  const spec = EVENT_SPECS[type];
  const version = VERSION.test(versionText) ? Number(versionText) : Number.NaN;
  if (Number.isNaN(version)) {
    issues.push({ field: 'v', message: `expected a schema version number, got "${versionText}"` });
    return data;
  }
  if (version > spec.currentVersion) {
    issues.push({
      field: 'v',
      message: `version ${version} of ${type} is newer than this build reads (up to ${spec.currentVersion})`,
    });
    return data;
  }
  if (version < spec.currentVersion && !spec.past.some((past) => past.version === version)) {
    issues.push({ field: 'v', message: `version ${version} of ${type} is no longer readable` });
    return data;
  }
  let payload = data;
  for (const past of spec.past) {
    if (past.version < version) continue;
    const parsed = past.schema.safeParse(payload);
    if (!parsed.success) {
      const located = locate(parsed.error.issues, 'data');
      issues.push(...located.map((i) => ({ ...i, message: `${i.message} (as ${type} v${past.version})` })));
      return payload;
    }
    payload = past.upcast(parsed.data as never);
  }
  return payload;
}

// The fast path. Nearly every entry is exactly what encodeEvent wrote: the envelope fields in
// its order, the current version. Those are checked here by hand, with the envelope's own
// rules (the same patterns from primitives.ts, the same id check; test/codec-fast-path checks
// that both paths agree), and only the payload goes through zod. It accepts nothing the full path
// rejects: anything unexpected, valid or not, returns undefined and the full path decides,
// so every rejection keeps its exact issues and wording.
const CURRENT_VERSION = Object.fromEntries(
  Object.values(EVENT_SPECS).map((spec) => [spec.type, String(spec.currentVersion)]),
) as Record<EventType, string>;

/** The event, when `fields` is a canonical, valid entry of the current version; else undefined. */
export function decodeCanonical(fields: readonly string[]): AnyEvent | undefined {
  const n = fields.length;
  if (n < 16 || n > 22 || n % 2 !== 0) return undefined;
  const at = (i: number) => fields[i] as string;
  if (
    at(0) !== 'id' ||
    at(2) !== 'type' ||
    at(4) !== 'v' ||
    at(6) !== 'key' ||
    at(8) !== 'ts_event' ||
    at(10) !== 'ts_init' ||
    at(12) !== 'corr' ||
    at(n - 2) !== 'data'
  ) {
    return undefined;
  }
  let next = 14;
  let cause: string | undefined;
  let traceparent: string | undefined;
  let tracestate: string | undefined;
  if (next < n - 2 && at(next) === 'cause') {
    cause = at(next + 1);
    next += 2;
  }
  if (next < n - 2 && at(next) === 'traceparent') {
    traceparent = at(next + 1);
    next += 2;
  }
  if (next < n - 2 && at(next) === 'tracestate') {
    tracestate = at(next + 1);
    next += 2;
  }
  if (next !== n - 2) return undefined;
  const type = at(3);
  if (!isEventType(type) || at(5) !== CURRENT_VERSION[type]) return undefined;
  const id = at(1);
  const key = at(7);
  const corr = at(13);
  // A root event is its own correlation: the id is then checked once.
  if (!isEventId(id) || (corr !== id && !isEventId(corr)) || !SYMBOL_PATTERN.test(key)) return undefined;
  if (cause !== undefined && !isEventId(cause)) return undefined;
  if (traceparent !== undefined && !TRACEPARENT_PATTERN.test(traceparent)) return undefined;
  // A tracestate without its traceparent is rejected: the full path says so.
  if (tracestate !== undefined && (traceparent === undefined || !isTracestate(tracestate))) return undefined;
  const tsEvent = canonicalTimestamp(at(9));
  const tsInit = canonicalTimestamp(at(11));
  if (tsEvent === undefined || tsInit === undefined) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(at(n - 1));
  } catch {
    return undefined;
  }
  let payload: unknown;
  if (type === 'market_data' && isCanonicalMarketData(data)) payload = data;
  else {
    const parsed = EVENT_SPECS[type].schema.safeParse(data);
    if (!parsed.success) return undefined;
    payload = parsed.data;
  }
  const symbol =
    typeof payload === 'object' && payload !== null && 'symbol' in payload ? payload.symbol : undefined;
  if (symbol !== key) return undefined;
  // The same keys, in the same order, as validateEvent returns.
  const event: Record<string, unknown> = { id, type, key, ts_event: tsEvent, ts_init: tsInit, corr };
  if (cause !== undefined) event.cause = cause;
  if (traceparent !== undefined) event.traceparent = traceparent;
  if (tracestate !== undefined) event.tracestate = tracestate;
  event.data = payload;
  return event as unknown as AnyEvent;
}

function canonicalTimestamp(text: string): bigint | undefined {
  if (!TIMESTAMP.test(text)) return undefined;
  const value = BigInt(text);
  return value <= MAX_TIMESTAMP_NS ? value : undefined;
}
