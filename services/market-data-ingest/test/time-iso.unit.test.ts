// ISO-8601 / RFC 3339 as real files spell it is read exactly to the ns; what cannot be read
// exactly, or is ambiguous, is refused with its reason.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nsFromIsoText } from '../src/time/rfc3339.ts';
import { zoneOffsets } from '../src/time/zone-offset.ts';

const parse = (text: string) => nsFromIsoText(text, undefined);
/** 2013-01-01T22:00:00Z in ns. */
const BASE = 1_357_077_600_000_000_000n;

describe('nsFromIsoText spellings', () => {
  const ACCEPTED: readonly (readonly [string, bigint])[] = [
    ['2013-01-01T22:00:00Z', BASE],
    ['2013-01-01t22:00:00z', BASE],
    // pandas' to_csv of a tz-aware column
    ['2013-01-01 22:00:00.295000+00:00', BASE + 295_000_000n],
    ['2013-01-01 22:00:00+0000', BASE],
    ['2013-01-01 22:00:00+00', BASE],
    ['2013-01-01 22:00:00 +0000', BASE],
    ['2013-01-01 22:00:00.5 UTC', BASE + 500_000_000n],
    ['2013-01-01T22:00:00-00:00', BASE],
    ['2013-01-02T03:30:00+05:30', BASE],
    ['2013-01-01T16:30:00-05:30', BASE],
    ['2013-01-02T03:30:00+0530', BASE],
    ['2013-01-01T17:00:00-05', BASE],
    ['2013-01-01T22:00Z', BASE],
    ['2013-01-01T22:00:00.1Z', BASE + 100_000_000n],
    ['2013-01-01T22:00:00.12Z', BASE + 120_000_000n],
    ['2013-01-01T22:00:00.123456Z', BASE + 123_456_000n],
    ['2013-01-01T22:00:00.123456789Z', BASE + 123_456_789n],
    ['2013-01-01T22:00:00,000000001Z', BASE + 1n],
    ['2012-02-29T00:00:00Z', 1_330_473_600_000_000_000n],
    ['2000-02-29T00:00:00Z', 951_782_400_000_000_000n],
    ['1970-01-01T00:00:00Z', 0n],
    ['1970-01-01T01:00:00+01:00', 0n],
    ['9999-12-31T23:59:59.999999999Z', 253_402_300_799_999_999_999n],
  ];
  for (const [text, ns] of ACCEPTED) {
    it(`given ${JSON.stringify(text)}, then it reads ${ns} ns`, () => {
      expect(parse(text)).toBe(ns);
    });
  }

  const REJECTED: readonly (readonly [string, string])[] = [
    ['2013-01-01T22:00:00.1234567891Z', '10 fraction digits: at most 9 (nanoseconds) can be stored exactly'],
    ['2013-01-01 22:00:00', 'it has no UTC offset, so the instant it means is ambiguous'],
    ['2013-01-01 22:00:00.295', 'set the timestamp mapping\'s "timezone"'],
    ['2016-12-31T23:59:60Z', 'second 60 is a leap second'],
    ['2021-02-29T00:00:00Z', 'day 29 is not a date: February 2021 has 28 days'],
    ['2020-02-30T00:00:00Z', 'day 30 is not a date: February 2020 has 29 days'],
    ['2020-04-31T00:00:00Z', 'April 2020 has 30 days'],
    ['2020-13-01T00:00:00Z', 'month 13 is not 01–12'],
    ['2020-00-01T00:00:00Z', 'month 00 is not 01–12'],
    ['2020-01-01T24:00:00Z', 'hour 24 is not 00–23'],
    ['2020-01-01T23:60:00Z', 'minute 60 is not 00–59'],
    ['2020-01-01T23:00:61Z', 'second 61 is not 00–59'],
    ['2020-01-01T00:00:00+24:00', 'the offset should be at most ±23:59'],
    ['2020-01-01T00:00:00+01:60', 'the offset should be at most ±23:59'],
    ['1969-12-31T23:59:59.999999999Z', 'times before 1970-01-01T00:00:00Z are not supported'],
    ['1970-01-01T00:30:00+01:00', 'times before 1970'],
    ['2020-01-01T00:00:00.Z', 'the decimal point should be followed by 1–9 digits'],
    ['2020-01-01X00:00:00Z', 'the date should be followed by "T", "t" or one space'],
    ['2020-01-01  00:00:00Z', 'the time should be HH:mm:ss'],
    ['2020-1-01T00:00:00Z', 'it should start with a date yyyy-MM-dd'],
    ['20200101T000000Z', 'it should start with a date yyyy-MM-dd'],
    ['2020-01-01T0:00:00Z', 'the time should be HH:mm:ss'],
    ['2020-01-01T00:00:0Z', 'the seconds should be two digits'],
    ['2020-01-01T00:00:00+1', 'the offset should be Z, ±hh:mm, ±hhmm or ±hh'],
    ['2020-01-01T00:00:00+01:0', 'the offset should be Z, ±hh:mm, ±hhmm or ±hh'],
    ['2020-01-01T00:00:00ZZ', 'unexpected "Z" after the time'],
    ['2020-01-01T00:00:00 ', 'unexpected "" after the time'],
    ['2020-01-01T00:00.5Z', 'unexpected ".5Z" after the time'],
    ['2020-01-01T00:00:00 EST', 'unexpected "EST" after the time'],
    ['2020-01-01', 'the date should be followed by "T", "t" or one space'],
    ['', 'it should start with a date yyyy-MM-dd'],
  ];
  for (const [text, reason] of REJECTED) {
    it(`given ${JSON.stringify(text)}, then it is refused: ${reason}`, () => {
      expect(() => parse(text)).toThrow(RangeError);
      expect(() => parse(text)).toThrow(reason);
      expect(() => parse(text)).toThrow(JSON.stringify(text));
    });
  }

  it('given an offset and a timezone, then the offset wins', () => {
    expect(nsFromIsoText('2013-01-01 22:00:00+00:00', zoneOffsets('America/New_York'))).toBe(BASE);
  });
});

describe('nsFromIsoText against Date.parse', () => {
  const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
  const spelling = fc.record({
    ms: fc.integer({ min: 0, max: MAX_MS }),
    subMs: fc.integer({ min: 0, max: 999_999 }),
    digits: fc.integer({ min: 0, max: 9 }),
    offsetMinutes: fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
    separator: fc.constantFrom('T', 't', ' '),
    offsetStyle: fc.constantFrom('colon', 'basic', 'hours', 'zulu'),
    decimalMark: fc.constantFrom('.', ','),
  });

  it('given any instant from 1970 to 9999 in any accepted spelling, then it reads back the exact ns', () => {
    fc.assert(
      fc.property(spelling, (s) => {
        // Only whole-hour offsets can be written as ±hh; Z means offset 0.
        const offsetMinutes =
          s.offsetStyle === 'zulu'
            ? 0
            : s.offsetStyle === 'hours'
              ? Math.trunc(s.offsetMinutes / 60) * 60
              : s.offsetMinutes;
        const fractionNs = (s.ms % 1000) * 1_000_000 + s.subMs;
        // Write only `digits` fraction digits: the instant is what those digits say.
        const written = String(fractionNs).padStart(9, '0').slice(0, s.digits);
        const keptNs = Number(written.padEnd(9, '0'));
        const wholeMs = s.ms - (s.ms % 1000);
        const local = new Date(wholeMs + offsetMinutes * 60_000).toISOString();
        if (wholeMs + offsetMinutes * 60_000 < 0 || local.startsWith('+')) return; // outside 0000–9999
        const text =
          local.slice(0, 10) +
          s.separator +
          local.slice(11, 19) +
          (s.digits === 0 ? '' : s.decimalMark + written) +
          offsetText(offsetMinutes, s.offsetStyle);
        const expected = BigInt(wholeMs) * 1_000_000n + BigInt(keptNs);
        expect(parse(text)).toBe(expected);
        // The reference: Date.parse reads the same text at ms precision (its own spelling).
        const msText = `${local.slice(0, 19)}.${String(Math.floor(keptNs / 1_000_000)).padStart(3, '0')}${offsetText(offsetMinutes, 'colon')}`;
        expect(BigInt(Date.parse(msText))).toBe(expected / 1_000_000n);
      }),
      { numRuns: 2000 },
    );
  });
});

function offsetText(minutes: number, style: string): string {
  if (style === 'zulu') return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0');
  const mm = String(Math.abs(minutes) % 60).padStart(2, '0');
  if (style === 'hours') return `${sign}${hh}`;
  return style === 'basic' ? `${sign}${hh}${mm}` : `${sign}${hh}:${mm}`;
}
