// WebSocket messages in the same JSON formats as NDJSON lines (the payload shape, or a field
// mapping with its filter and records array), so a recorded feed and the live one are read
// by the same code.
import { jsonMessage, jsonReading } from '../json/json-record.ts';
import type { SkipReason } from '../json/message-plan.ts';
import type { NdjsonMapping } from '../json/ndjson-mapping.ts';
import { type SourceRecord, WHOLE_LINE, WHOLE_MESSAGE } from '../source-record.ts';

/**
 * A `read` function for websocketFeed: the records of one message, in order (none for a
 * message the filter skips or with an empty `records` array; `onSkipped` is told why).
 * Throws SourceConfigError for a bad mapping, at once.
 */
export function jsonMessageReader(
  mapping: NdjsonMapping | undefined,
  onSkipped?: (reason: SkipReason) => void,
): (message: string, number: number) => readonly SourceRecord[] {
  const json = jsonReading(mapping);
  return (message, number) => {
    const read = jsonMessage(number, message, json);
    if (read.skipped !== undefined) {
      onSkipped?.(read.skipped);
      return [];
    }
    // A whole-input rejection is about the message here, not a line.
    return read.records.map((record) =>
      !record.ok && record.field === WHOLE_LINE ? { ...record, field: WHOLE_MESSAGE } : record,
    );
  };
}
