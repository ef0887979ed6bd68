// An accepted record into its MarketData event, with the id derived from (source id, line)
// — or (source id, message, element) for a message of several records:
// the same input gives the same ids on every run, so the publisher drops a re-published one.
import { createEvent, InvalidEventError, type MarketDataEvent } from '@tickflow/events';
import { elementEventId, recordEventId } from '../deterministic-id.ts';
import type { AcceptedRecord, RejectedRecord } from '../source-record.ts';

/** The record's event; or, should the envelope refuse what the payload schema let through, a rejection. */
export function recordEvent(sourceId: string, record: AcceptedRecord): MarketDataEvent | RejectedRecord {
  try {
    return createEvent({
      type: 'market_data',
      id:
        record.element === undefined
          ? recordEventId(sourceId, record.line)
          : elementEventId(sourceId, record.line, record.element.index),
      data: record.data,
      ts_event: record.ts_event,
      // Without a receive time in the input, ts_init is now: when Tickflow first saw it.
      ...(record.ts_init === undefined ? {} : { ts_init: record.ts_init }),
    });
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    const [issue] = error.issues;
    return {
      ok: false,
      line: record.line,
      field: issue?.field ?? '(event)',
      reason: error.message,
      raw: JSON.stringify(record.data),
    };
  }
}
