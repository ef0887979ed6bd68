// Newline-delimited JSON: one quote or trade per line, or several (a mapping's `records`).
import { jsonMessage, jsonReading } from '../json/json-record.ts';
import type { SkipReason } from '../json/message-plan.ts';
import type { NdjsonMapping } from '../json/ndjson-mapping.ts';
import { type FileReadOptions, readLines, unreadableRecord } from '../read-lines.ts';
import type { SourceRecord } from '../source-record.ts';

/** Options of the NDJSON source. */
export interface NdjsonOptions extends FileReadOptions {
  /** Told of each line that yields no record without being bad: filtered out, or an empty `records` array. */
  readonly onSkipped?: (reason: SkipReason) => void;
}

/**
 * Streams an NDJSON file, one record per non-blank line. Without a mapping each line is a
 * payload in the events' shape (`{"kind":"quote","symbol":…,"venue":…,"bid_price":…,…}`)
 * plus `ts_event` (and optionally `ts_init`) as integer ns or ISO-8601; with one, fields
 * are picked by name or dotted path, a `filter` skips lines, and `records` makes each
 * element of an array one record (`line` is the line's, `element` its place in it). JSON
 * numbers are read exactly, as their source text. A line that is not a JSON object comes
 * out rejected with field `(line)`.
 *
 * @throws SourceConfigError for a bad mapping, at once; reading throws SourceReadError.
 */
export function ndjson(
  path: string,
  mapping?: NdjsonMapping,
  options: NdjsonOptions = {},
): AsyncIterable<SourceRecord> {
  return readNdjson(path, jsonReading(mapping), options);
}

async function* readNdjson(
  path: string,
  json: ReturnType<typeof jsonReading>,
  options: NdjsonOptions,
): AsyncGenerator<SourceRecord> {
  for await (const input of readLines(path, options)) {
    if (input.rejected !== undefined) {
      yield unreadableRecord(input);
      continue;
    }
    const { line, text } = input;
    if (text.trim() === '') continue;
    const message = jsonMessage(line, text, json);
    if (message.skipped === undefined) yield* message.records;
    else options.onSkipped?.(message.skipped);
  }
}
