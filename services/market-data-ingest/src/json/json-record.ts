// One JSON text (an NDJSON line, a WebSocket message) into its SourceRecords: in the events'
// payload shape, or through a field mapping — one record, or one per element of the
// mapping's `records` array — unless the mapping's filter skips the message. Shared so a
// file and a live feed in the same format read the same way.
import { fieldOfKey, mappedRecord, type RecordReading } from '../mapped-record.ts';
import { type SourceRecord, WHOLE_LINE } from '../source-record.ts';
import {
  type CompiledPath,
  compilePath,
  type MessagePlan,
  passes,
  planMessage,
  type SkipReason,
  valueAtPath,
} from './message-plan.ts';
import { type NdjsonMapping, type NdjsonPlan, planNdjson } from './ndjson-mapping.ts';
import { parseExactJson } from './parse-exact-json.ts';
import { payloadShapeRecord } from './payload-shape.ts';

/** How JSON texts are read: a compiled mapping, or undefined for the payload shape. */
export interface JsonReading {
  readonly plan: NdjsonPlan;
  readonly reading: RecordReading;
  readonly message: MessagePlan;
  /** Mapping key → where its value is read. */
  readonly paths: readonly (readonly [string, CompiledPath])[];
}

/** What one JSON text yields: its records in order, or why it yields none without being bad. */
export type JsonMessage =
  | { readonly records: readonly SourceRecord[]; readonly skipped?: undefined }
  | { readonly skipped: SkipReason };

/** Compiles a mapping once (throws SourceConfigError); undefined reads the payload shape. */
export function jsonReading(mapping: NdjsonMapping | undefined): JsonReading | undefined {
  if (mapping === undefined) return undefined;
  const plan = planNdjson(mapping);
  const message = planMessage(mapping);
  const shown = new Map([...plan.fields].map(([key, path]) => [fieldOfKey(key), path.join('.')]));
  return {
    plan,
    message,
    paths: [...plan.fields].map(([key, path]) => [key, compilePath(path)] as const),
    reading: {
      kind: plan.kind,
      eventTime: plan.eventTime,
      receivedTime: plan.receivedTime,
      origin: (field) => {
        const path = shown.get(field);
        return path === undefined ? undefined : `field "${path}"`;
      },
    },
  };
}

/** The records of one JSON text; one that is not a JSON object is rejected with field `(line)`. */
export function jsonMessage(line: number, text: string, json: JsonReading | undefined): JsonMessage {
  let object: unknown;
  try {
    object = parseExactJson(text);
  } catch (error) {
    return rejected(line, text, `not valid JSON: ${(error as Error).message}`);
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    const got = Array.isArray(object) ? 'an array' : object === null ? 'null' : typeof object;
    return rejected(line, text, `expected a JSON object, got ${got}`);
  }
  if (json === undefined) {
    return { records: [payloadShapeRecord(line, text, object as Record<string, unknown>)] };
  }
  if (!passes(json.message, object)) return { skipped: 'filter' };
  const arrayPath = json.message.records;
  if (arrayPath === undefined) return { records: [mapped(line, text, object, object, json, json.reading)] };
  const elements = valueAtPath(object, arrayPath);
  const where = arrayPath.join('.');
  if (!Array.isArray(elements)) {
    const got = elements === undefined ? 'nothing' : elements === null ? 'null' : typeof elements;
    return rejected(line, text, `expected an array of records at "${where}", got ${got}`);
  }
  if (elements.length === 0) return { skipped: 'empty' };
  return {
    records: elements.map((element: unknown, index) => {
      // Name the element in reasons: the raw text is the whole message.
      const origin = (field: string) => {
        const inner = json.reading.origin?.(field);
        return `${inner === undefined ? '' : `${inner} of `}${where}[${index}]`;
      };
      const record = mapped(line, text, object, element, json, { ...json.reading, origin });
      return { ...record, element: { index, last: index === elements.length - 1 } };
    }),
  };
}

function mapped(
  line: number,
  text: string,
  root: unknown,
  element: unknown,
  json: JsonReading,
  reading: RecordReading,
): SourceRecord {
  const values: Record<string, unknown> = { ...json.plan.fixed };
  for (const [key, path] of json.paths) {
    values[key] = valueAtPath(path.fromRoot ? root : element, path.parts);
  }
  return mappedRecord(line, text, values, reading);
}

function rejected(line: number, raw: string, reason: string): { records: [SourceRecord] } {
  return { records: [{ ok: false, line, field: WHOLE_LINE, reason, raw }] };
}
