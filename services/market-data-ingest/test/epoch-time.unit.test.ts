// Epoch text is read with integer arithmetic only: every digit counts, no float rounding.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nsFromEpochText } from '../src/epoch-time.ts';

describe('nsFromEpochText', () => {
  it('given fractional epoch seconds that a float would round, then the ns are exact', () => {
    // As a float, 1582329601.096 * 1e9 is 1582329601095999744.
    expect(nsFromEpochText('1582329601.096', 's')).toBe(1_582_329_601_096_000_000n);
    expect(nsFromEpochText('1582329601.000000001', 's')).toBe(1_582_329_601_000_000_001n);
  });

  it('given each unit, then it scales to ns', () => {
    expect(nsFromEpochText('1582329601', 's')).toBe(1_582_329_601_000_000_000n);
    expect(nsFromEpochText('1582329601096.5', 'ms')).toBe(1_582_329_601_096_500_000n);
    expect(nsFromEpochText('1582329601096000', 'us')).toBe(1_582_329_601_096_000_000n);
    expect(nsFromEpochText('1582329601096000007', 'ns')).toBe(1_582_329_601_096_000_007n);
  });

  it('given text that is not a plain non-negative decimal, then it throws a RangeError saying what it expected', () => {
    for (const text of ['', 'abc', '-1', '1e9', '1.', '.5', ' 1', '0x10']) {
      expect(() => nsFromEpochText(text, 's'), text).toThrow(RangeError);
    }
    expect(() => nsFromEpochText('1.5', 'ns')).toThrow(/at most 0 fraction digits/);
  });

  it('given any whole count in any unit, short or long (the Number fast path and past it), then it scales exactly', () => {
    const scales = { s: 1_000_000_000n, ms: 1_000_000n, us: 1_000n, ns: 1n } as const;
    fc.assert(
      fc.property(
        fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 16n }), fc.bigInt({ min: 0n, max: 10n ** 19n })),
        fc.constantFrom('s', 'ms', 'us', 'ns'),
        fc.nat({ max: 3 }),
        (count, unit, zeros) => {
          expect(nsFromEpochText('0'.repeat(zeros) + String(count), unit)).toBe(count * scales[unit]);
        },
      ),
      { numRuns: 2_000 },
    );
    expect(nsFromEpochText('999999999999999', 'us')).toBe(999_999_999_999_999_000n);
    expect(nsFromEpochText('9007199254740993', 'ns')).toBe(9_007_199_254_740_993n);
  });

  it('given any ns count written as seconds with nine fraction digits, then it reads back unchanged', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), (ns) => {
        const whole = ns / 1_000_000_000n;
        const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0');
        expect(nsFromEpochText(`${whole}.${fraction}`, 's')).toBe(ns);
      }),
    );
  });
});
