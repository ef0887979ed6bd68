// How a strategy's per-symbol state becomes plain JSON and back, without the strategy
// writing any serialization: the state is plain data (objects, arrays, strings, numbers,
// booleans, null, undefined, bigint) plus the SDK's indicators, and this walk encodes each
// kind exactly. What plain JSON cannot hold is written as a tagged object:
//
//   { "$type": "indicator", "snapshot": <the indicator's toJSON()> }
//   { "$type": "bigint", "value": "1700000000000000000" }
//   { "$type": "undefined" }
//   { "$type": "number", "value": "NaN" | "Infinity" | "-Infinity" | "-0" }
//
// so `$type` is reserved as a key of the state's own objects. Anything else (a Map, a
// Date, a class instance, a function, one object reachable by two paths) is refused with
// the path to it: restoring it would silently give something different.
import { StateNotSnapshotableError } from '../errors.ts';
import { isIndicator, restoreIndicator } from '../indicators/restore-indicator.ts';
import { type JsonValue, setOwn } from './json.ts';

const TAG = '$type';
const SPECIAL_NUMBERS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  '-0': -0,
};

/**
 * Plain JSON for `value`, exact for every kind of value listed above. Throws
 * StateNotSnapshotableError naming the path (starting at `path`) of the first value it
 * cannot carry.
 */
export function encodeState(value: unknown, path = 'state'): JsonValue {
  return encode(value, path, new Map());
}

/** The value `encodeState` was given, rebuilt from its JSON. Throws RangeError naming the path. */
export function decodeState(json: unknown, path = 'state'): unknown {
  if (json === null || typeof json === 'string' || typeof json === 'boolean') return json;
  if (typeof json === 'number') {
    if (!Number.isFinite(json)) throw new RangeError(`${path}: not a JSON number: ${json}`);
    return json;
  }
  if (Array.isArray(json)) return json.map((item, index) => decodeState(item, `${path}[${index}]`));
  if (typeof json !== 'object') throw new RangeError(`${path}: not JSON: a ${typeof json}`);
  if (Object.hasOwn(json, TAG)) return decodeTagged(json as Record<string, unknown>, path);
  const decoded = {};
  for (const [key, item] of Object.entries(json)) setOwn(decoded, key, decodeState(item, `${path}.${key}`));
  return decoded;
}

function encode(value: unknown, path: string, seen: Map<object, string>): JsonValue {
  if (typeof value !== 'object' || value === null) return encodePrimitive(value, path);
  const firstPath = seen.get(value);
  if (firstPath !== undefined) {
    throw new StateNotSnapshotableError(
      path,
      `the same object is also at ${firstPath}; a snapshot would restore two separate copies`,
    );
  }
  seen.set(value, path);
  if (isIndicator(value)) return { [TAG]: 'indicator', snapshot: value.toJSON() as unknown as JsonValue };
  // Array.from, not map: a hole reads back as undefined rather than as a JSON null.
  if (Array.isArray(value))
    return Array.from(value, (item, index) => encode(item, `${path}[${index}]`, seen));
  assertPlainObject(value, path);
  const encoded: { [key: string]: JsonValue } = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === TAG) {
      throw new StateNotSnapshotableError(
        `${path}.${key}`,
        `"${TAG}" is reserved for the snapshot's own tags`,
      );
    }
    setOwn(encoded, key, encode(item, `${path}.${key}`, seen));
  }
  return encoded;
}

function encodePrimitive(value: unknown, path: string): JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      return { [TAG]: 'number', value: Object.is(value, -0) ? '-0' : String(value) };
    case 'bigint':
      return { [TAG]: 'bigint', value: value.toString() };
    case 'undefined':
      return { [TAG]: 'undefined' };
    case 'object':
      return null;
    default:
      throw new StateNotSnapshotableError(path, `a ${typeof value} cannot be snapshotted`);
  }
}

function assertPlainObject(value: object, path: string): void {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    const kind = value.constructor?.name || 'class instance';
    throw new StateNotSnapshotableError(
      path,
      `a ${kind} cannot be snapshotted; use plain objects, arrays and the SDK's indicators`,
    );
  }
  if (Object.getOwnPropertySymbols(value).length > 0) {
    throw new StateNotSnapshotableError(path, 'symbol-keyed properties cannot be snapshotted');
  }
}

function decodeTagged(tagged: Record<string, unknown>, path: string): unknown {
  const keys = Object.keys(tagged).sort().join(',');
  switch (tagged[TAG]) {
    case 'undefined':
      if (keys === TAG) return undefined;
      break;
    case 'bigint':
      if (keys === `${TAG},value` && typeof tagged.value === 'string' && /^-?\d+$/.test(tagged.value)) {
        return BigInt(tagged.value);
      }
      break;
    case 'number':
      if (
        keys === `${TAG},value` &&
        typeof tagged.value === 'string' &&
        Object.hasOwn(SPECIAL_NUMBERS, tagged.value)
      ) {
        return SPECIAL_NUMBERS[tagged.value];
      }
      break;
    case 'indicator':
      if (keys === `${TAG},snapshot`) {
        try {
          return restoreIndicator(tagged.snapshot);
        } catch (error) {
          throw new RangeError(`${path}: ${error instanceof Error ? error.message : String(error)}`, {
            cause: error,
          });
        }
      }
      break;
  }
  throw new RangeError(`${path}: not a valid ${JSON.stringify(String(tagged[TAG]))} tag: keys ${keys}`);
}
