// NDJSON in the events' own payload shape: {"kind":"quote","symbol":…,"venue":…,…} plus
// ts_event (and optionally ts_init) as integer ns or ISO-8601. Everything but the times is
// the payload, so the schema itself refuses unknown or missing fields.
import type { FieldIssue } from '@tickflow/events';
import { nsFromEpochText } from '../epoch-time.ts';
import { readTime } from '../read-time.ts';
import { quoted } from '../show-input.ts';
import type { SourceRecord } from '../source-record.ts';
import { nsFromIsoText } from '../time/rfc3339.ts';
import { finishRecord } from '../validate.ts';

/** The record of one parsed JSON object in payload shape. */
export function payloadShapeRecord(
  line: number,
  raw: string,
  object: Readonly<Record<string, unknown>>,
): SourceRecord {
  const { ts_event: eventTime, ts_init: receivedTime, ...data } = object;
  const issues: FieldIssue[] = [];
  const ts_event = readTime(issues, 'ts_event', eventTime, nsOrIso);
  const ts_init = receivedTime === undefined ? undefined : readTime(issues, 'ts_init', receivedTime, nsOrIso);
  return finishRecord({ line, raw, data, ts_event, ts_init, issues });
}

/**
 * Integer ns since the epoch ("1582329601096000000") or RFC 3339 with an offset, in any of
 * the spellings the mapped sources accept (a space for the T, `+0000`, 0-9 fraction digits).
 */
export function nsOrIso(text: string): bigint {
  try {
    return /^\d+$/.test(text) ? nsFromEpochText(text, 'ns') : nsFromIsoText(text, undefined);
  } catch (error) {
    throw new RangeError(
      `expected integer nanoseconds since the epoch or an ISO-8601 time like 2020-02-22T00:00:01.096Z, got ${quoted(text)}`,
      { cause: error },
    );
  }
}
