// validateEvent's fast path for market data, the event every tick makes: a plain candidate
// whose fields are each of the envelope's and valid by the envelope's own rules (the
// predicates and patterns of primitives.ts and ids.ts), with a canonical MarketData payload
// (canonical-market-data.ts), is accepted without zod — whose envelope and payload checks
// were most of ingest's cost of building an event. It accepts nothing zod would reject, and
// returns what zod would (the envelope-check test compares the two on generated candidates);
// anything else, and any other type, is left to zod, which keeps the exact issues.
import { isCanonicalMarketData } from './canonical-market-data.ts';
import { isCheckedMarketData } from './checked-market-data.ts';
import type { AnyEvent } from './envelope.ts';
import { isEventId } from './ids.ts';
import { isTracestate, MAX_TIMESTAMP_NS, SYMBOL_PATTERN, TRACEPARENT_PATTERN } from './primitives.ts';

const ENVELOPE_KEYS: ReadonlySet<string> = new Set([
  'id',
  'type',
  'key',
  'ts_event',
  'ts_init',
  'corr',
  'cause',
  'traceparent',
  'tracestate',
  'data',
]);

/**
 * The event as validateEvent returns it (the envelope's fields in order, an optional one
 * absent rather than undefined, a copy of the payload as zod's is), or undefined to leave the
 * candidate to zod.
 */
export function canonicalMarketDataEvent(candidate: unknown): AnyEvent | undefined {
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  // A plain object only: what zod would see of anything else (class instances, inherited
  // enumerable fields) is zod's to decide.
  if (Object.getPrototypeOf(candidate) !== Object.prototype) return undefined;
  const fields = candidate as Record<string, unknown>;
  for (const name in fields) if (!ENVELOPE_KEYS.has(name)) return undefined;
  const { id, type, key, ts_event, ts_init, corr, cause, traceparent, tracestate, data } = fields;
  if (type !== 'market_data') return undefined;
  if (typeof id !== 'string' || !isEventId(id)) return undefined;
  // A root event is its own correlation: the id is then checked once.
  if (typeof corr !== 'string' || (corr !== id && !isEventId(corr))) return undefined;
  if (cause !== undefined && (typeof cause !== 'string' || !isEventId(cause))) return undefined;
  if (typeof key !== 'string' || !SYMBOL_PATTERN.test(key)) return undefined;
  if (!isTimestamp(ts_event) || !isTimestamp(ts_init)) return undefined;
  if (
    traceparent !== undefined &&
    (typeof traceparent !== 'string' || !TRACEPARENT_PATTERN.test(traceparent))
  ) {
    return undefined;
  }
  // A tracestate without its traceparent is rejected: zod's path says so.
  if (
    tracestate !== undefined &&
    (traceparent === undefined || typeof tracestate !== 'string' || !isTracestate(tracestate))
  ) {
    return undefined;
  }
  // A payload checked (and frozen) by checkMarketData is used as it is; any other is checked
  // here and copied, as zod's output is a copy: the caller's object stays the caller's.
  const checked = isCheckedMarketData(data);
  if (!(checked || isCanonicalMarketData(data))) return undefined;
  const payload = data as Readonly<Record<string, unknown>>;
  if (payload.symbol !== key) return undefined;
  // Built in one go, in the order and shape of envelope.ts' shaped(): the test compares them.
  const event: Record<string, unknown> = { id, type, key, ts_event, ts_init, corr };
  if (cause !== undefined) event.cause = cause;
  if (traceparent !== undefined) event.traceparent = traceparent;
  if (tracestate !== undefined) event.tracestate = tracestate;
  event.data = checked ? payload : { ...payload };
  return event as unknown as AnyEvent;
}

function isTimestamp(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= 0n && value <= MAX_TIMESTAMP_NS;
}
