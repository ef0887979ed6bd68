// A digest of events that two runs must agree on: every field but ts_init (when the process
// happened to create the event) and traceparent (trace ids are per run by nature), events
// sorted by id, bigints as decimal strings.
import { createHash } from 'node:crypto';
import type { AnyEvent } from '@tickflow/events';

export function canonicalEvent(event: AnyEvent): string {
  const { ts_init: _createdAt, traceparent: _trace, ...rest } = event;
  return JSON.stringify(rest, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}

export function digestOf(events: readonly AnyEvent[]): string {
  const hash = createHash('sha256');
  for (const line of events.map(canonicalEvent).sort()) hash.update(`${line}\n`);
  return hash.digest('hex');
}
