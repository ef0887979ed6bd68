// The message-level keys of a JSON mapping: `filter` (which messages are market data at all)
// and `records` (the array whose elements are the records of one message). Feeds send
// heartbeats and subscription replies between data messages, and many batch several trades
// into one message; both are decided per message, before any field is mapped.
import { SourceConfigError } from '../errors.ts';

/** One condition: the field at `field` (a name or dotted path from the message root) equals `equals`. */
export interface FilterCondition {
  readonly field: string;
  /**
   * The value to match: a string matches a JSON string with that text and a JSON number
   * written exactly so (numbers are read as their source text: `"1"` matches `1`);
   * true, false and null match themselves.
   */
  readonly equals: string | boolean | null;
}

/** A message is read only when every condition holds (AND); others are skipped and counted. */
export type MessageFilter = FilterCondition | readonly FilterCondition[];

/** The message-level keys of an NDJSON / WebSocket mapping. */
export interface MessageMapping {
  /** Only messages matching it are read; others are skipped (metric reason `filter`). */
  readonly filter?: MessageFilter;
  /**
   * A path to an array in the message: each element is one record, in order, its fields
   * mapped relative to the element (`$.` reaches the message root instead).
   */
  readonly records?: string;
}

/** Why a message yielded no record without being bad input. */
export type SkipReason = 'filter' | 'empty';

/** Where a mapped field is read: relative to the record (the element), or from the message root (`$.`). */
export interface CompiledPath {
  readonly fromRoot: boolean;
  readonly parts: readonly string[];
}

export interface MessagePlan {
  readonly filter: readonly { readonly path: readonly string[]; readonly equals: string | boolean | null }[];
  /** The records array's path, or undefined: the message is the one record. */
  readonly records: readonly string[] | undefined;
}

/** The prefix of a field path that starts at the message root rather than at the record. */
export const ROOT_PREFIX = '$.';

/** Compiles the message keys. Throws SourceConfigError. */
export function planMessage(mapping: MessageMapping): MessagePlan {
  const conditions = mapping.filter === undefined ? [] : [mapping.filter].flat();
  if (mapping.filter !== undefined && conditions.length === 0) {
    throw new SourceConfigError('mapping filter: give at least one { field, equals } condition');
  }
  return {
    filter: conditions.map((condition, index) => {
      const equals: unknown = condition.equals;
      if (equals !== null && typeof equals !== 'string' && typeof equals !== 'boolean') {
        throw new SourceConfigError(
          `mapping filter ${index}: equals must be a string, true, false or null (a number is matched by its text, e.g. "1"), got ${JSON.stringify(equals)}`,
        );
      }
      return { path: dotted(`filter ${index}`, condition.field), equals: condition.equals };
    }),
    records: mapping.records === undefined ? undefined : dotted('records', mapping.records),
  };
}

/** A mapped field path: `$.a.b` from the message root, anything else from the record. */
export function compilePath(path: readonly string[]): CompiledPath {
  return path[0] === '$' ? { fromRoot: true, parts: path.slice(1) } : { fromRoot: false, parts: path };
}

/** Whether a parsed message passes the filter. */
export function passes(plan: MessagePlan, message: unknown): boolean {
  return plan.filter.every(({ path, equals }) => valueAtPath(message, path) === equals);
}

/** The value at a path in parsed JSON, or undefined. */
export function valueAtPath(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const part of path) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

function dotted(key: string, path: string): readonly string[] {
  const parts = path.startsWith(ROOT_PREFIX) ? path.slice(ROOT_PREFIX.length).split('.') : path.split('.');
  if (path === '' || parts.some((part) => part === '')) {
    throw new SourceConfigError(`mapping ${key} must be a field name or a dotted path, got "${path}"`);
  }
  return parts;
}
