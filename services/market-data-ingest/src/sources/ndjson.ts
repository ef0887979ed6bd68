// Newline-delimited JSON: one quote or trade per line.
import { jsonReading, jsonRecord } from '../json/json-record.ts';
import type { NdjsonMapping } from '../json/ndjson-mapping.ts';
import { type FileReadOptions, readLines } from '../read-lines.ts';
import type { SourceRecord } from '../source-record.ts';

/**
 * Streams an NDJSON file, one record per non-blank line. Without a mapping each line is a
 * payload in the events' shape (`{"kind":"quote","symbol":…,"venue":…,"bid_price":…,…}`)
 * plus `ts_event` (and optionally `ts_init`) as integer ns or ISO-8601; with one, fields
 * are picked by name or dotted path. JSON numbers are read exactly, as their source text.
 * A line that is not a JSON object comes out rejected with field `(line)`.
 *
 * @throws SourceConfigError for a bad mapping, at once; reading throws SourceReadError.
 */
export function ndjson(
  path: string,
  mapping?: NdjsonMapping,
  options: FileReadOptions = {},
): AsyncIterable<SourceRecord> {
  return readNdjson(path, jsonReading(mapping), options);
}

async function* readNdjson(
  path: string,
  json: ReturnType<typeof jsonReading>,
  options: FileReadOptions,
): AsyncGenerator<SourceRecord> {
  for await (const { line, text } of readLines(path, options)) {
    if (text.trim() === '') continue;
    yield jsonRecord(line, text, json);
  }
}
