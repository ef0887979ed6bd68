// Which JSON field holds which payload field, for NDJSON that is not in the events' own shape.
import { SourceConfigError } from '../errors.ts';
import { checkSizesTogether, type RecordKind } from '../mapped-record.ts';
import { type TimestampFormat, type TimestampParser, timestampParser } from '../timestamp-format.ts';
import type { MessageMapping } from './message-plan.ts';

/**
 * A JSON field by name; dots reach into nested objects (`data.b`). With `records`, paths are
 * relative to the element; `$.` starts at the message root instead (`$.data.s`).
 */
export type FieldPath = string;

/** A timestamp field and how its values are written (a JSON number counts as its text). */
export interface TimestampField {
  readonly field: FieldPath;
  readonly format: TimestampFormat;
  /** IANA zone (e.g. "America/New_York") of times written without an offset; see timestampParser. */
  readonly timezone?: string;
}

interface NdjsonMappingBase extends MessageMapping {
  /** When it happened (ts_event). */
  readonly timestamp: TimestampField;
  /** When the recorder received it (ts_init); optional. */
  readonly receivedTimestamp?: TimestampField;
  /** The symbol of every line, for input without a symbol field. */
  readonly symbol?: string;
  /** The venue of every line, for input without a venue field. */
  readonly venue?: string;
}

/** Quotes; the sizes may be left out, both together: the quotes then have none. */
export interface QuoteNdjsonMapping extends NdjsonMappingBase {
  readonly kind: 'quotes';
  readonly fields: {
    readonly symbol?: FieldPath;
    readonly venue?: FieldPath;
    readonly bid_price: FieldPath;
    readonly bid_size?: FieldPath;
    readonly ask_price: FieldPath;
    readonly ask_size?: FieldPath;
  };
}

export interface TradeNdjsonMapping extends NdjsonMappingBase {
  readonly kind: 'trades';
  readonly fields: {
    readonly symbol?: FieldPath;
    readonly venue?: FieldPath;
    readonly price: FieldPath;
    readonly size: FieldPath;
    readonly side?: FieldPath;
    readonly trade_id?: FieldPath;
  };
}

export type NdjsonMapping = QuoteNdjsonMapping | TradeNdjsonMapping;

/** A mapping checked and compiled. */
export interface NdjsonPlan {
  readonly kind: RecordKind;
  /** Mapping key (`bid_price`, `side`, `ts_event`, …) → its field path. */
  readonly fields: ReadonlyMap<string, readonly string[]>;
  readonly fixed: Readonly<Record<string, string>>;
  readonly eventTime: TimestampParser;
  readonly receivedTime: TimestampParser | undefined;
}

/** Checks a mapping before any line is read. Throws SourceConfigError. */
export function planNdjson(mapping: NdjsonMapping): NdjsonPlan {
  if (mapping.kind === 'quotes') checkSizesTogether('NDJSON mapping', 'field', mapping.fields);
  const fields = new Map<string, readonly string[]>();
  const payloadFields: Readonly<Record<string, FieldPath | undefined>> = mapping.fields;
  for (const [key, path] of Object.entries(payloadFields)) {
    if (path !== undefined) fields.set(key, splitPath(key, path));
  }
  fields.set('ts_event', splitPath('timestamp', mapping.timestamp.field));
  if (mapping.receivedTimestamp !== undefined) {
    fields.set('ts_init', splitPath('receivedTimestamp', mapping.receivedTimestamp.field));
  }
  const fixed: Record<string, string> = {};
  for (const key of ['symbol', 'venue'] as const) {
    const value = mapping[key];
    if ((value === undefined) === !fields.has(key)) {
      throw new SourceConfigError(`NDJSON mapping needs exactly one of a ${key} field or a fixed ${key}`);
    }
    if (value !== undefined) fixed[key] = value;
  }
  return {
    kind: mapping.kind,
    fields,
    fixed,
    eventTime: timestampParser(mapping.timestamp.format, mapping.timestamp.timezone),
    receivedTime:
      mapping.receivedTimestamp === undefined
        ? undefined
        : timestampParser(mapping.receivedTimestamp.format, mapping.receivedTimestamp.timezone),
  };
}

function splitPath(key: string, path: FieldPath): readonly string[] {
  const parts = path.split('.');
  if (parts.some((part) => part === '')) {
    throw new SourceConfigError(`NDJSON field of ${key} must be a name or a dotted path, got "${path}"`);
  }
  return parts;
}

/** The value at a path in parsed JSON, or undefined. */
export function valueAt(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const part of path) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}
