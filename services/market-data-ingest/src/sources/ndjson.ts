// Newline-delimited JSON: one quote or trade per line.
import { type NdjsonMapping, type NdjsonPlan, planNdjson, valueAt } from '../json/ndjson-mapping.ts';
import { parseExactJson } from '../json/parse-exact-json.ts';
import { payloadShapeRecord } from '../json/payload-shape.ts';
import { fieldOfKey, mappedRecord, type RecordReading } from '../mapped-record.ts';
import { readLines } from '../read-lines.ts';
import { type SourceRecord, WHOLE_LINE } from '../source-record.ts';

/**
 * Streams an NDJSON file, one record per non-blank line. Without a mapping each line is a
 * payload in the events' shape (`{"kind":"quote","symbol":…,"venue":…,"bid_price":…,…}`)
 * plus `ts_event` (and optionally `ts_init`) as integer ns or ISO-8601; with one, fields
 * are picked by name or dotted path. JSON numbers are read exactly, as their source text.
 * A line that is not a JSON object comes out rejected with field `(line)`.
 *
 * @throws SourceConfigError for a bad mapping, at once; reading throws SourceReadError.
 */
export function ndjson(path: string, mapping?: NdjsonMapping): AsyncIterable<SourceRecord> {
  const plan = mapping === undefined ? undefined : planNdjson(mapping);
  return readNdjson(path, plan);
}

async function* readNdjson(path: string, plan: NdjsonPlan | undefined): AsyncGenerator<SourceRecord> {
  const reading = plan === undefined ? undefined : readingOf(plan);
  for await (const { line, text } of readLines(path)) {
    if (text.trim() === '') continue;
    let object: unknown;
    try {
      object = parseExactJson(text);
    } catch (error) {
      yield {
        ok: false,
        line,
        field: WHOLE_LINE,
        reason: `not valid JSON: ${(error as Error).message}`,
        raw: text,
      };
      continue;
    }
    if (typeof object !== 'object' || object === null || Array.isArray(object)) {
      const got = Array.isArray(object) ? 'an array' : object === null ? 'null' : typeof object;
      yield { ok: false, line, field: WHOLE_LINE, reason: `expected a JSON object, got ${got}`, raw: text };
      continue;
    }
    yield plan === undefined || reading === undefined
      ? payloadShapeRecord(line, text, object as Record<string, unknown>)
      : mappedRecord(line, text, valuesOf(plan, object), reading);
  }
}

function readingOf(plan: NdjsonPlan): RecordReading {
  const paths = new Map([...plan.fields].map(([key, path]) => [fieldOfKey(key), path]));
  return {
    kind: plan.kind,
    eventTime: plan.eventTime,
    receivedTime: plan.receivedTime,
    origin: (field) => {
      const path = paths.get(field);
      return path === undefined ? undefined : `field "${path.join('.')}"`;
    },
  };
}

function valuesOf(plan: NdjsonPlan, object: unknown): Record<string, unknown> {
  const values: Record<string, unknown> = { ...plan.fixed };
  for (const [key, path] of plan.fields) values[key] = valueAt(object, path);
  return values;
}
