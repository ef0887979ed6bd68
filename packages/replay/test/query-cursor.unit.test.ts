// The paging cursor: what is encoded decodes to the same positions, for its own order only;
// anything else handed back is refused as a bad cursor, never trusted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../src/errors.ts';
import { decodeCursor, encodeCursor } from '../src/query/cursor.ts';

const tag = fc
  .tuple(fc.constantFrom('md', 'sig', 'ord', 'fill'), fc.nat({ max: 65_535 }))
  .map(([t, p]) => `${t}:${p}`);
const id = fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.nat()).map(([ms, seq]) => `${ms}-${seq}`);

describe('query cursors', () => {
  it('decode to the positions encoded, for the order they were made for', () => {
    fc.assert(
      fc.property(
        fc.dictionary(tag, id),
        fc.constantFrom('oldest', 'newest' as const),
        (positions, order) => {
          const cursor = encodeCursor(order, new Map(Object.entries(positions)));
          expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(Object.fromEntries(decodeCursor(cursor, order))).toEqual(positions);
          const other = order === 'oldest' ? 'newest' : 'oldest';
          expect(() => decodeCursor(cursor, other)).toThrow(BadInputError);
        },
      ),
    );
  });

  it('refuses any other text as a cursor', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          decodeCursor(text, 'oldest');
        } catch (error) {
          expect(error).toBeInstanceOf(BadInputError);
          return;
        }
        // The rare text that decodes to a well-formed cursor must carry its fields.
        expect(text.length).toBeGreaterThan(10);
      }),
    );
    const forged = Buffer.from('{"v":1,"o":"o","p":{"md:1":"1-0 + DEL"}}').toString('base64url');
    expect(() => decodeCursor(forged, 'oldest')).toThrow('cursor: not a cursor');
  });
});
