// A stored event as plain JSON, for the HTTP API, NDJSON exports and the CLI: where it is
// (stream, partition, entry id, append time) and the envelope with its wire field names.
// Nanosecond times are decimal strings: a JSON number (a double) cannot hold them exactly.
import { type EventType, nsToIso } from '@tickflow/events';
import type { StoredEvent } from '@tickflow/streams';
import { appendMsOf } from './entry-ids.ts';

export interface EventJson {
  readonly stream: string;
  readonly partition: number;
  readonly entryId: string;
  /** When Redis appended it, ms since the epoch (the entry id's time). */
  readonly appendMs: number;
  readonly id: string;
  readonly type: EventType;
  readonly key: string;
  /** ns since the epoch, as a decimal string. */
  readonly ts_event: string;
  /** ts_event as ISO-8601 with nine fraction digits, for people. */
  readonly eventTime: string;
  /** ns since the epoch, as a decimal string. */
  readonly ts_init: string;
  readonly corr: string;
  readonly cause?: string;
  readonly traceparent?: string;
  /** The payload as stored: decimals are exact strings already. */
  readonly data: unknown;
}

export function eventToJson(stored: StoredEvent): EventJson {
  const { event } = stored;
  return {
    stream: stored.stream,
    partition: stored.partition,
    entryId: stored.entryId,
    appendMs: appendMsOf(stored.entryId),
    id: event.id,
    type: event.type,
    key: event.key,
    ts_event: event.ts_event.toString(),
    eventTime: nsToIso(event.ts_event),
    ts_init: event.ts_init.toString(),
    corr: event.corr,
    ...(event.cause === undefined ? {} : { cause: event.cause }),
    ...(event.traceparent === undefined ? {} : { traceparent: event.traceparent }),
    data: event.data,
  };
}
