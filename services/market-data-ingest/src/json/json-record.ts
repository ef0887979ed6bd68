// One JSON text (an NDJSON line, a WebSocket message) into a SourceRecord: in the events'
// payload shape, or through a field mapping. Shared so a file and a live feed in the same
// format read the same way.
import { fieldOfKey, mappedRecord, type RecordReading } from '../mapped-record.ts';
import { type SourceRecord, WHOLE_LINE } from '../source-record.ts';
import { type NdjsonMapping, type NdjsonPlan, planNdjson, valueAt } from './ndjson-mapping.ts';
import { parseExactJson } from './parse-exact-json.ts';
import { payloadShapeRecord } from './payload-shape.ts';

/** How JSON texts are read: a compiled mapping, or undefined for the payload shape. */
export interface JsonReading {
  readonly plan: NdjsonPlan;
  readonly reading: RecordReading;
}

/** Compiles a mapping once (throws SourceConfigError); undefined reads the payload shape. */
export function jsonReading(mapping: NdjsonMapping | undefined): JsonReading | undefined {
  if (mapping === undefined) return undefined;
  const plan = planNdjson(mapping);
  const paths = new Map([...plan.fields].map(([key, path]) => [fieldOfKey(key), path]));
  return {
    plan,
    reading: {
      kind: plan.kind,
      eventTime: plan.eventTime,
      receivedTime: plan.receivedTime,
      origin: (field) => {
        const path = paths.get(field);
        return path === undefined ? undefined : `field "${path.join('.')}"`;
      },
    },
  };
}

/** The record of one JSON text; one that is not a JSON object is rejected with field `(line)`. */
export function jsonRecord(line: number, text: string, json: JsonReading | undefined): SourceRecord {
  let object: unknown;
  try {
    object = parseExactJson(text);
  } catch (error) {
    return {
      ok: false,
      line,
      field: WHOLE_LINE,
      reason: `not valid JSON: ${(error as Error).message}`,
      raw: text,
    };
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    const got = Array.isArray(object) ? 'an array' : object === null ? 'null' : typeof object;
    return { ok: false, line, field: WHOLE_LINE, reason: `expected a JSON object, got ${got}`, raw: text };
  }
  if (json === undefined) return payloadShapeRecord(line, text, object as Record<string, unknown>);
  const values: Record<string, unknown> = { ...json.plan.fixed };
  for (const [key, path] of json.plan.fields) values[key] = valueAt(object, path);
  return mappedRecord(line, text, values, json.reading);
}
