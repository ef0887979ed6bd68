import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../src/backoff.ts';
import { isAfter } from '../src/stream-ids.ts';

describe('backoff', () => {
  // One function serves handler retries and Redis reconnects alike.
  it('delays double per attempt, stay under the cap, and are jittered into the upper half', () => {
    const delay = retryDelayMs;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, random) => {
          const ceiling = Math.min(2_000, 50 * 2 ** (attempt - 1));
          const ms = delay(attempt, 50, 2_000, () => random);
          expect(ms).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(ms).toBeLessThanOrEqual(ceiling);
        },
      ),
    );
    expect(delay(1, 50, 2_000, () => 0.999999)).toBe(50);
    expect(delay(3, 50, 2_000, () => 0.999999)).toBe(200);
    expect(delay(30, 50, 2_000, () => 0.999999)).toBe(2_000);
  });
});

describe('stream entry ids', () => {
  it('compare by milliseconds, then sequence, numerically', () => {
    expect(isAfter('10-0', '9-5')).toBe(true);
    expect(isAfter('1795568456587-10', '1795568456587-9')).toBe(true);
    expect(isAfter('5-1', '5-1')).toBe(false);
    expect(isAfter('4-99', '5-0')).toBe(false);
    expect(isAfter('100-0', '99-999')).toBe(true);
    expect(isAfter('0-1', '0-0')).toBe(true);
  });

  it('agree with BigInt comparison on any ids', () => {
    const id = fc.tuple(
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    );
    fc.assert(
      fc.property(id, id, ([aMs, aSeq], [bMs, bSeq]) => {
        expect(isAfter(`${aMs}-${aSeq}`, `${bMs}-${bSeq}`)).toBe(aMs > bMs || (aMs === bMs && aSeq > bSeq));
      }),
    );
  });
});
