// decodeEvent on arbitrary input: whatever a stream holds, it returns an event or throws
// InvalidEventError with located issues — never another error, never a crash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyEvent, decodeEvent, encodeEvent, InvalidEventError } from '../src/index.ts';
import { anyEventArb } from './arbitraries.ts';
import { fieldValue, REQUIRED_ENVELOPE, setPath, withData } from './wire.ts';

describe('decodeEvent given arbitrary input', () => {
  const decodesOrRejects = (fields: readonly string[]): void => {
    try {
      decodeEvent(fields);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEventError);
      const { issues } = error as InvalidEventError;
      expect(issues.length).toBeGreaterThan(0);
      for (const issue of issues) {
        // The field may be '' itself: a stream field with an empty name, written twice.
        expect(typeof issue.field).toBe('string');
        expect(issue.message).toMatch(/\S/);
      }
    }
  };

  it('given any array of strings, then it returns an event or throws InvalidEventError, nothing else', () => {
    fc.assert(fc.property(fc.array(fc.string()), decodesOrRejects), { numRuns: 500 });
  });

  it('given arrays of envelope field names with arbitrary values, then it returns an event or throws InvalidEventError', () => {
    const names = fc.constantFrom(...REQUIRED_ENVELOPE, 'cause', 'traceparent', 'tracestate');
    fc.assert(
      fc.property(fc.array(fc.tuple(names, fc.oneof(fc.string(), fc.json()))), (pairs) =>
        decodesOrRejects(pairs.flat()),
      ),
      { numRuns: 500 },
    );
  });

  it('given a valid entry with one value replaced by an arbitrary string, then it returns an event or throws InvalidEventError', () => {
    fc.assert(
      fc.property(anyEventArb, fc.nat(), fc.oneof(fc.string(), fc.json()), (event, at, value) => {
        const fields = encodeEvent(event);
        const index = 2 * (at % (fields.length / 2)) + 1;
        decodesOrRejects(fields.map((original, i) => (i === index ? value : original)));
      }),
      { numRuns: 500 },
    );
  });

  it('given a valid entry with one payload value replaced by arbitrary JSON, then it returns an event or throws InvalidEventError', () => {
    fc.assert(
      fc.property(anyEventArb, fc.nat(), fc.jsonValue(), (event, at, value) => {
        const keys = Object.keys(event.data);
        const key = keys[at % keys.length] as string;
        decodesOrRejects(withData(encodeEvent(event), (data) => setPath(data, key, value)));
      }),
      { numRuns: 500 },
    );
  });

  it('given a valid entry with one value replaced by a different one, then the decoded event differs or it is rejected', () => {
    // The codec reads every field it writes: no field's value is ignored.
    fc.assert(
      fc.property(anyEventArb, anyEventArb, fc.nat(), (event, other, at) => {
        const fields = encodeEvent(event);
        const otherFields = encodeEvent(other);
        const index = 2 * (at % (fields.length / 2)) + 1;
        const name = fields[index - 1] as string;
        const replacement = fieldValue(otherFields, name);
        fc.pre(replacement !== undefined && replacement !== fields[index] && name !== 'v');
        const mutated = fields.map((original, i) => (i === index ? (replacement as string) : original));
        let decoded: AnyEvent | undefined;
        try {
          decoded = decodeEvent(mutated);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidEventError);
          return;
        }
        expect(decoded).not.toStrictEqual(event);
      }),
      { numRuns: 300 },
    );
  });
});
