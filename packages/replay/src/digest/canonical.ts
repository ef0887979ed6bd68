// The canonical form two runs of the same history must agree on: every field of an event but
// ts_init (when a process happened to create it) and traceparent and tracestate (trace context
// is per run by nature), bigints as decimal strings, keys in the envelope's fixed order.
import type { AnyEvent } from '@tickflow/events';

export function canonicalEvent(event: AnyEvent): string {
  const { ts_init: _createdAt, traceparent: _trace, tracestate: _traceState, ...rest } = event;
  return JSON.stringify(rest, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}

/** Orders events the way a diff walks them: by event time, then id. */
export function byEventTime(a: AnyEvent, b: AnyEvent): number {
  if (a.ts_event !== b.ts_event) return a.ts_event < b.ts_event ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
