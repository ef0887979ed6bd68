// Fixed-width patterns read UTC times exactly and refuse impossible dates and unknown letters.

import { nsToIso } from '@tickflow/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceConfigError } from '../src/index.ts';
import { compileTimePattern } from '../src/time-pattern.ts';

describe('compileTimePattern', () => {
  it('given "yyyyMMdd HHmmssSSS", then it reads milliseconds, as UTC', () => {
    expect(compileTimePattern('yyyyMMdd HHmmssSSS')('20200222 000001096')).toBe(1_582_329_601_096_000_000n);
  });

  it('given quoted literals and nine fraction digits, then it reads nanoseconds', () => {
    const parse = compileTimePattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS");
    expect(parse('2020-02-22T00:00:01.096000001')).toBe(1_582_329_601_096_000_001n);
  });

  it('given a date-only pattern, then the time is midnight UTC', () => {
    expect(compileTimePattern('yyyy/MM/dd')('2020/02/22')).toBe(1_582_329_600_000_000_000n);
  });

  it('given impossible or misshapen text, then it throws a RangeError', () => {
    const parse = compileTimePattern('yyyyMMdd HHmmss');
    for (const text of [
      '20200230 000000',
      '20200222 240000',
      '20200222 006000',
      '2020022 000000',
      '20200222000000',
    ]) {
      expect(() => parse(text), text).toThrow(RangeError);
    }
  });

  it('given a pattern with an unknown letter, no date, a repeated part or an open quote, then it throws a SourceConfigError', () => {
    for (const pattern of ['YYYYMMdd', 'HH:mm:ss', 'yyyyMMdd yyyy', "yyyyMMdd'T"]) {
      expect(() => compileTimePattern(pattern), pattern).toThrow(SourceConfigError);
    }
  });

  it('given any instant from 1970 to 9999 at ns, when written with the pattern, then it reads back unchanged', () => {
    const parse = compileTimePattern('yyyy-MM-dd HH:mm:ss.SSSSSSSSS');
    const end = BigInt(Date.UTC(9999, 11, 31, 23, 59, 59, 999)) * 1_000_000n + 999_999n;
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: end }), (ns) => {
        const text = nsToIso(ns).replace('T', ' ').replace('Z', '');
        expect(parse(text)).toBe(ns);
      }),
    );
  });
});
