// WebSocket messages in the same JSON formats as NDJSON lines (the payload shape, or a field
// mapping), so a recorded feed and the live one are read by the same code.
import { FieldError } from '../errors.ts';
import { jsonReading, jsonRecord } from '../json/json-record.ts';
import type { NdjsonMapping } from '../json/ndjson-mapping.ts';
import { WHOLE_LINE } from '../source-record.ts';
import type { RecordCandidate } from '../sources/websocket-feed.ts';

/**
 * A `parse` function for websocketFeed. Throws SourceConfigError for a bad mapping, at once;
 * the function throws FieldError for a bad field, and Error for a message that is not JSON.
 */
export function jsonMessageParser(mapping: NdjsonMapping | undefined): (message: string) => RecordCandidate {
  const json = jsonReading(mapping);
  return (message) => {
    // The feed numbers messages itself; the line given here is never seen.
    const record = jsonRecord(0, message, json);
    if (!record.ok) {
      throw record.field === WHOLE_LINE
        ? new Error(record.reason)
        : new FieldError(record.field, record.reason);
    }
    const { data, ts_event, ts_init } = record;
    return ts_init === undefined ? { data, ts_event } : { data, ts_event, ts_init };
  };
}
