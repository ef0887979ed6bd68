// decodeEvent first tries a fast path for canonical entries (encodeEvent's field order, the
// current version) that checks the envelope by hand and only the payload with zod. It must
// never accept what the full path rejects, and must return exactly what the full path
// returns (same values, same keys in the same order); any rejection is left to the full
// path, so its located issues are unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCanonical, decodeEventFully } from '../src/codec.ts';
import { type AnyEvent, encodeEvent } from '../src/index.ts';
import { anyEventArb } from './arbitraries.ts';
import { BASES, encoded, envelopeRows, payloadRows, shapes } from './reject-cases.ts';
import { fieldValue, REQUIRED_ENVELOPE, setPath, withData, withoutField } from './wire.ts';

/** The full path's outcome: the event, or undefined when it rejects. */
function fully(fields: readonly string[]): AnyEvent | undefined {
  try {
    return decodeEventFully(fields);
  } catch {
    return undefined;
  }
}

/** The fast path either declines or agrees with the full path exactly. */
function agrees(fields: readonly string[]): void {
  const fast = decodeCanonical(fields);
  if (fast === undefined) return;
  const full = fully(fields);
  expect(full).toBeDefined();
  expect(fast).toStrictEqual(full);
  expect(Object.keys(fast)).toStrictEqual(Object.keys(full as AnyEvent));
}

describe('the canonical fast path of decodeEvent', () => {
  it('given the valid base entries (with and without cause, traceparent and tracestate), then it takes them and agrees', () => {
    for (const shape of shapes) {
      const full = encoded(shape);
      const noTrace = withoutField(withoutField(full, 'traceparent'), 'tracestate');
      for (const fields of [
        full,
        withoutField(full, 'cause'),
        withoutField(full, 'tracestate'),
        noTrace,
        withoutField(noTrace, 'cause'),
      ]) {
        expect(decodeCanonical(fields), shape).toBeDefined();
        agrees(fields);
      }
      expect(decodeCanonical(full)).toStrictEqual(BASES[shape]);
    }
  });

  it('given every malformed entry of the rejection tables, then it declines', () => {
    for (const row of [...envelopeRows, ...payloadRows]) {
      expect(decodeCanonical(row.fields), row.name).toBeUndefined();
    }
  });

  it('given arbitrary valid events, then it takes every one and agrees', () => {
    fc.assert(
      fc.property(anyEventArb, (event) => {
        const fields = encodeEvent(event);
        expect(decodeCanonical(fields)).toBeDefined();
        agrees(fields);
      }),
      { numRuns: 500 },
    );
  });

  it('given a valid entry with one value replaced by an arbitrary string, then it declines or agrees', () => {
    fc.assert(
      fc.property(anyEventArb, fc.nat(), fc.oneof(fc.string(), fc.json()), (event, at, value) => {
        const fields = encodeEvent(event);
        const index = 2 * (at % (fields.length / 2)) + 1;
        agrees(fields.map((original, i) => (i === index ? value : original)));
      }),
      { numRuns: 1_000 },
    );
  });

  it('given a valid entry with one value taken from another event, then it declines or agrees', () => {
    fc.assert(
      fc.property(anyEventArb, anyEventArb, fc.nat(), (event, other, at) => {
        const fields = encodeEvent(event);
        const index = 2 * (at % (fields.length / 2)) + 1;
        const replacement = fieldValue(encodeEvent(other), fields[index - 1] as string);
        fc.pre(replacement !== undefined);
        agrees(fields.map((original, i) => (i === index ? (replacement as string) : original)));
      }),
      { numRuns: 1_000 },
    );
  });

  it('given a valid entry with one payload value replaced by arbitrary JSON, then it declines or agrees', () => {
    fc.assert(
      fc.property(anyEventArb, fc.nat(), fc.jsonValue(), (event, at, value) => {
        const keys = Object.keys(event.data);
        const key = keys[at % keys.length] as string;
        agrees(withData(encodeEvent(event), (data) => setPath(data, key, value)));
      }),
      { numRuns: 1_000 },
    );
  });

  it('given envelope field names in arbitrary order with arbitrary values, then it declines or agrees', () => {
    const names = fc.constantFrom(...REQUIRED_ENVELOPE, 'cause', 'traceparent', 'tracestate', 'extra');
    fc.assert(
      fc.property(fc.array(fc.tuple(names, fc.oneof(fc.string(), fc.json()))), (pairs) =>
        agrees(pairs.flat()),
      ),
      { numRuns: 1_000 },
    );
  });

  it('given fields reordered, repeated, extended or of an older version, then it declines', () => {
    const full = encoded('quote');
    const swapped = [...full.slice(2, 4), ...full.slice(0, 2), ...full.slice(4)];
    const cases = [
      swapped,
      [...full.slice(0, -2), 'cause', fieldValue(full, 'cause') as string, ...full.slice(-2)],
      [...full.slice(0, -2), 'extra', 'x', ...full.slice(-2)],
      // tracestate before traceparent, and tracestate without its traceparent.
      swappedPairs(full, 'traceparent', 'tracestate'),
      withoutField(full, 'traceparent'),
      full.map((value, i) => (full[i - 1] === 'v' ? '1' : value)),
      full.slice(0, -1),
    ];
    for (const fields of cases) expect(decodeCanonical(fields)).toBeUndefined();
  });
});

/** A copy with the pairs named `a` and `b` swapped in place. */
function swappedPairs(fields: readonly string[], a: string, b: string): string[] {
  const copy = [...fields];
  const i = copy.indexOf(a);
  const j = copy.indexOf(b);
  [copy[i], copy[i + 1], copy[j], copy[j + 1]] = [
    copy[j] as string,
    copy[j + 1] as string,
    copy[i] as string,
    copy[i + 1] as string,
  ];
  return copy;
}
