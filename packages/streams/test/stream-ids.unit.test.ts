// isAfter compares stream ids without parsing: it must agree with numeric order on every
// pair, whatever the lengths of their parts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAfter } from '../src/stream-ids.ts';

const part = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 20n }));
const id = fc.tuple(part, part);
const after = ([aMs, aSeq]: [bigint, bigint], [bMs, bSeq]: [bigint, bigint]) =>
  aMs > bMs || (aMs === bMs && aSeq > bSeq);

describe('isAfter', () => {
  it('given any two stream ids, then it agrees with their numeric order', () => {
    fc.assert(
      fc.property(id, id, (a, b) => {
        expect(isAfter(`${a[0]}-${a[1]}`, `${b[0]}-${b[1]}`)).toBe(after(a, b));
      }),
      { numRuns: 5_000 },
    );
  });

  it('given ids of equal length split differently, then the longer time part is later', () => {
    expect(isAfter('100-5', '99-55')).toBe(true);
    expect(isAfter('99-55', '100-5')).toBe(false);
    expect(isAfter('1795568456587-0', '1795568456586-9')).toBe(true);
    expect(isAfter('1795568456587-9', '1795568456587-9')).toBe(false);
  });
});
