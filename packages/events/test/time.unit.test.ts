// Event time is integer nanoseconds (bigint); ISO-8601 text converts to and from it losslessly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nowNs, nsFromIso, nsFromMs, nsToIso } from '../src/index.ts';
import { digits } from './arbitraries.ts';

/** The last nanosecond of year 9999, the largest instant a 4-digit ISO year can name. */
const END_OF_9999_NS = BigInt(Date.UTC(9999, 11, 31, 23, 59, 59, 999)) * 1_000_000n + 999_999n;

describe('nsToIso', () => {
  const PINNED: readonly [bigint, string][] = [
    [0n, '1970-01-01T00:00:00.000000000Z'],
    [1n, '1970-01-01T00:00:00.000000001Z'],
    [1_582_329_600_123_456_789n, '2020-02-22T00:00:00.123456789Z'],
    [1_582_329_600_000_000_000n, '2020-02-22T00:00:00.000000000Z'],
    [951_782_400_000_000_000n, '2000-02-29T00:00:00.000000000Z'],
    [9_223_372_036_854_775_807n, '2262-04-11T23:47:16.854775807Z'],
    [END_OF_9999_NS, '9999-12-31T23:59:59.999999999Z'],
  ];
  for (const [ns, iso] of PINNED) {
    it(`given ${ns} ns, then it is ${iso}`, () => {
      expect(nsToIso(ns)).toBe(iso);
    });
  }

  it('given a pre-1970 instant, then it is that instant in ISO, or a RangeError, never garbage', () => {
    // nsFromIso reads pre-1970 text as negative ns; nsToIso must not print those as nonsense
    // like "1970-01-01T00:00:00.0000000-1Z".
    let text: string | undefined;
    try {
      text = nsToIso(-1n);
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError);
      return;
    }
    expect(text).toBe('1969-12-31T23:59:59.999999999Z');
  });
});

describe('nsFromIso', () => {
  it('given any instant from 1970 to the end of year 9999, then nsFromIso(nsToIso(ns)) is ns', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.bigInt({ min: 0n, max: END_OF_9999_NS }), fc.constantFrom(0n, END_OF_9999_NS)),
        (ns) => {
          const iso = nsToIso(ns);
          expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
          expect(nsFromIso(iso)).toBe(ns);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('given ISO text with 0-9 fraction digits, then nsToIso(nsFromIso(text)) is the same instant with 9 digits', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(0), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        digits(0, 9),
        (date, fraction) => {
          const seconds = date.toISOString().slice(0, 19);
          const text = fraction === '' ? `${seconds}Z` : `${seconds}.${fraction}Z`;
          expect(nsToIso(nsFromIso(text))).toBe(`${seconds}.${fraction.padEnd(9, '0')}Z`);
        },
      ),
    );
  });

  const PINNED: readonly [string, bigint][] = [
    ['1970-01-01T00:00:00Z', 0n],
    ['2020-02-22T00:00:00Z', 1_582_329_600_000_000_000n],
    ['2020-02-22T00:00:00.1Z', 1_582_329_600_100_000_000n],
    ['2020-02-22T00:00:00.123456Z', 1_582_329_600_123_456_000n],
    ['2020-02-22T00:00:00.123456789Z', 1_582_329_600_123_456_789n],
    ['2020-02-22T00:00:00.000000001Z', 1_582_329_600_000_000_001n],
    // offsets: the same instant written in other zones
    ['2020-02-22T02:00:00.5+02:00', 1_582_329_600_500_000_000n],
    ['2020-02-21T18:30:00.5-05:30', 1_582_329_600_500_000_000n],
    ['2020-02-22T00:00:00.123456789+00:00', 1_582_329_600_123_456_789n],
    ['2020-02-22T05:45:00+05:45', 1_582_329_600_000_000_000n],
    ['1970-01-01T01:00:00+01:00', 0n],
  ];
  for (const [iso, ns] of PINNED) {
    it(`given ${iso}, then it is ${ns} ns`, () => {
      expect(nsFromIso(iso)).toBe(ns);
    });
  }

  it('given an instant and any whole-quarter-hour offset, then the offset text names the same ns', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 86_400_000_000_000n, max: END_OF_9999_NS - 86_400_000_000_000n }),
        fc.integer({ min: -12 * 4, max: 14 * 4 }),
        (ns, quarters) => {
          const offsetMinutes = quarters * 15;
          const local = nsToIso(ns + BigInt(offsetMinutes) * 60_000_000_000n).slice(0, -1);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(nsFromIso(`${local}${offset}`)).toBe(ns);
        },
      ),
    );
  });

  const JUNK = [
    '',
    'now',
    'abc',
    '1582329600',
    '2020-02-22',
    '2020-02-22T00:00:00', // no zone: ambiguous
    '2020-02-22T00:00Z',
    '2020-02-22 00:00:00Z',
    '2020-02-22t00:00:00Z',
    '2020-02-22T00:00:00z',
    ' 2020-02-22T00:00:00Z',
    '2020-02-22T00:00:00Z ',
    '2020-02-22T00:00:00.Z',
    '2020-02-22T00:00:00.1234567891Z', // ten fraction digits
    '2020-02-22T00:00:00,5Z',
    '2020-02-22T00:00:00+0200',
    '2020-02-22T00:00:00+02',
    '2020-02-22T00:00:00+24:00',
    '2020-02-22T00:00:00+23:60',
    '20-02-22T00:00:00Z',
    '+002020-02-22T00:00:00Z',
    '2020-13-01T00:00:00Z',
    '2020-00-10T00:00:00Z',
    '2020-01-00T00:00:00Z',
    '2020-01-32T00:00:00Z',
    '2020-02-22T25:00:00Z',
    '2020-02-22T00:60:00Z',
    '2020-02-22T00:00:60Z',
    '２０２０-02-22T00:00:00Z',
  ];
  for (const junk of JUNK) {
    it(`given ${JSON.stringify(junk)}, then it throws RangeError`, () => {
      expect(() => nsFromIso(junk)).toThrow(RangeError);
    });
  }

  for (const impossible of ['2020-02-30T00:00:00Z', '2021-02-29T00:00:00Z', '2020-04-31T00:00:00Z']) {
    it(`given the impossible date ${impossible}, then it throws RangeError (not a rolled-over date)`, () => {
      expect(() => nsFromIso(impossible)).toThrow(RangeError);
    });
  }

  it('given the leap day of a leap year, then it is accepted', () => {
    expect(nsFromIso('2024-02-29T12:00:00Z')).toBe(1_709_208_000_000_000_000n);
  });

  it('given junk, then the RangeError message quotes the text', () => {
    expect(() => nsFromIso('yesterday')).toThrow(/"yesterday"/);
  });
});

describe('nsFromMs', () => {
  it('given integer milliseconds, then it is that many million ns', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (ms) => {
        expect(nsFromMs(ms)).toBe(BigInt(ms) * 1_000_000n);
      }),
    );
    expect(nsFromMs(1_582_329_600_123)).toBe(1_582_329_600_123_000_000n);
  });

  for (const ms of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
    it(`given ${ms}, then it throws RangeError`, () => {
      expect(() => nsFromMs(ms)).toThrow(RangeError);
    });
  }
});

describe('nowNs', () => {
  it('given the wall clock, then nowNs is within a second of Date.now(), at microsecond resolution', () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    const now = nowNs();
    const after = BigInt(Date.now()) * 1_000_000n;
    expect(now).toBeGreaterThan(before - 1_000_000_000n);
    expect(now).toBeLessThan(after + 1_000_000_000n);
    expect(now % 1000n).toBe(0n);
  });

  it('given two reads, then the second is not earlier', () => {
    const first = nowNs();
    const second = nowNs();
    expect(second).toBeGreaterThanOrEqual(first);
  });
});
