// The timestamp formats a mapped source (generic CSV, NDJSON with a mapping) can read.
import { nsFromIso } from '@tickflow/events';
import { nsFromEpochText } from './epoch-time.ts';
import { SourceConfigError } from './errors.ts';
import { compileTimePattern } from './time-pattern.ts';

/**
 * How a timestamp is written: ISO-8601 with a zone (`2020-02-22T00:00:01.096Z`), epoch
 * seconds / ms / µs / ns (integers, or exact decimals such as `1582329601.096`), or a
 * fixed-width UTC pattern such as `{ pattern: 'yyyyMMdd HHmmssSSS' }`.
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

/** Compiles a format into its parser once, so a bad pattern fails at start-up. Throws SourceConfigError. */
export function timestampParser(format: TimestampFormat): TimestampParser {
  switch (format) {
    case 'iso':
      return nsFromIso;
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
      return compileTimePattern(format.pattern);
  }
}
