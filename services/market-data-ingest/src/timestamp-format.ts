// The timestamp formats a mapped source (generic CSV, NDJSON with a mapping) can read.
import { nsFromEpochText } from './epoch-time.ts';
import { SourceConfigError } from './errors.ts';
import { isoTimeParser } from './time/rfc3339.ts';
import { zoneOffsets } from './time/zone-offset.ts';
import { compileTimePattern } from './time-pattern.ts';

/**
 * How a timestamp is written: ISO-8601 / RFC 3339 (`2020-02-22T00:00:01.096Z`,
 * `2020-02-22 00:00:01.096+00:00`, …), epoch seconds / ms / µs / ns (integers, or exact
 * decimals such as `1582329601.096`), or a fixed-width pattern such as
 * `{ pattern: 'yyyyMMdd HHmmssSSS' }`.
 */
export type TimestampFormat =
  | 'iso'
  | 'epoch-s'
  | 'epoch-ms'
  | 'epoch-us'
  | 'epoch-ns'
  | { readonly pattern: string };

/** Reads one timestamp text as ns since the epoch; throws RangeError saying what it expected. */
export type TimestampParser = (text: string) => bigint;

/**
 * Compiles a format into its parser once, so a bad pattern or zone fails at start-up.
 * `timezone` (an IANA name such as "America/New_York") is the zone of wall-clock times
 * without an offset: patterns, and iso text without one; an explicit offset wins. Epoch
 * times are UTC by definition, so a timezone with them is refused. Throws SourceConfigError.
 */
export function timestampParser(format: TimestampFormat, timezone?: string): TimestampParser {
  const zone = timezone === undefined ? undefined : zoneOffsets(timezone);
  if (zone !== undefined && typeof format === 'string' && format.startsWith('epoch-')) {
    throw new SourceConfigError(
      `timezone "${timezone}" does not apply to ${format} timestamps (epoch times are UTC): remove it`,
    );
  }
  switch (format) {
    case 'iso':
      return isoTimeParser(zone);
    case 'epoch-s':
      return (text) => nsFromEpochText(text, 's');
    case 'epoch-ms':
      return (text) => nsFromEpochText(text, 'ms');
    case 'epoch-us':
      return (text) => nsFromEpochText(text, 'us');
    case 'epoch-ns':
      return (text) => nsFromEpochText(text, 'ns');
    default:
      // Formats may come from untyped configuration (JSON, env): refuse what is not one.
      if (typeof format !== 'object' || format === null || typeof format.pattern !== 'string') {
        throw new SourceConfigError(
          `unknown timestamp format ${JSON.stringify(format)}: expected iso, epoch-s, epoch-ms, epoch-us, epoch-ns or { pattern }`,
        );
      }
      return compileTimePattern(format.pattern, zone);
  }
}
