// Entry-id order and time bounds, against their definitions: ids compare as pairs of
// unsigned 64-bit numbers; an ISO time reads back as the nanoseconds it was written from.
import { nsToIso } from '@tickflow/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEntryIds, parseEntryIdBound } from '../src/entry-ids.ts';
import { parseTimeBound } from '../src/selection/time-bound.ts';

const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const entryId = fc.tuple(uint64, uint64).map(([ms, seq]) => ({ ms, seq, id: `${ms}-${seq}` }));

describe('entry ids', () => {
  it('compare as (ms, seq) pairs of 64-bit numbers, past 2^53 too', () => {
    fc.assert(
      fc.property(entryId, entryId, (a, b) => {
        const expected = a.ms === b.ms ? Math.sign(Number(a.seq - b.seq)) : Math.sign(Number(a.ms - b.ms));
        expect(Math.sign(compareEntryIds(a.id, b.id))).toBe(expected);
      }),
    );
  });

  it('parse back what they print, and a bare ms as the whole millisecond', () => {
    fc.assert(
      fc.property(entryId, ({ ms, id }) => {
        expect(parseEntryIdBound(id, 'fromId', 'from')).toBe(id);
        expect(parseEntryIdBound(`${ms}`, 'toId', 'to')).toBe(`${ms}-18446744073709551615`);
      }),
    );
  });
});

describe('time bounds', () => {
  it('read an ISO time, epoch ns and ns with a unit as the same nanoseconds', () => {
    const since2001 = fc.bigInt({ min: 1_000_000_000_000_000_000n, max: 9_000_000_000_000_000_000n });
    fc.assert(
      fc.property(since2001, (ns) => {
        expect(parseTimeBound(nsToIso(ns), 'from')).toBe(ns);
        expect(parseTimeBound(`${ns}`, 'from')).toBe(ns);
        expect(parseTimeBound(`${ns}ns`, 'from')).toBe(ns);
        expect(parseTimeBound(`${ns / 1_000_000n}`, 'from')).toBe((ns / 1_000_000n) * 1_000_000n);
      }),
    );
  });
});
