// Entry ids as the rewind takes them: compared numerically (string order is wrong once the
// parts differ in length), and anything that is not an id refused with the parameter named.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertEntryId, compareEntryIds, isEntryId } from '../src/entry-ids.ts';
import { BadInputError } from '../src/errors.ts';

const part = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });

describe('entry ids', () => {
  it('compares like the numbers they are', () => {
    expect(compareEntryIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareEntryIds('10-2', '10-10')).toBeLessThan(0);
    expect(compareEntryIds('10-10', '10-10')).toBe(0);
    fc.assert(
      fc.property(part, part, part, part, (aMs, aSeq, bMs, bSeq) => {
        const expected = aMs === bMs ? Math.sign(Number(aSeq - bSeq)) : aMs < bMs ? -1 : 1;
        expect(Math.sign(compareEntryIds(`${aMs}-${aSeq}`, `${bMs}-${bSeq}`))).toBe(expected);
      }),
    );
  });

  it('accepts ids only', () => {
    expect(isEntryId('0-0')).toBe(true);
    expect(isEntryId('18446744073709551615-18446744073709551615')).toBe(true);
    for (const bad of ['', '1', '1-', '-1', '01-1', '1-01', '1-1-1', 'a-1', '*', '$'])
      expect(isEntryId(bad)).toBe(false);
    expect(() => assertEntryId('to.id', 12)).toThrow(BadInputError);
    expect(() => assertEntryId('to.id', '12')).toThrow(/to\.id/);
  });
});
