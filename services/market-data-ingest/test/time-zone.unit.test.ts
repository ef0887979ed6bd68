// Wall-clock times in an IANA zone become UTC with the offset in force at that instant: a
// time the DST change skips is refused, a time it repeats is the earlier instant.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ndjsonMappingSchema } from '../src/config/mapping-schema.ts';
import { SourceConfigError } from '../src/index.ts';
import { planNdjson } from '../src/json/ndjson-mapping.ts';
import { nsFromIsoText } from '../src/time/rfc3339.ts';
import { zoneOffsets } from '../src/time/zone-offset.ts';
import { compileTimePattern } from '../src/time-pattern.ts';
import { timestampParser } from '../src/timestamp-format.ts';

const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;

describe('iso without an offset, in a timezone', () => {
  const CASES: Record<string, readonly (readonly [string, string])[]> = {
    'America/New_York': [
      ['2021-01-15 09:30:00', '2021-01-15T14:30:00Z'], // EST
      ['2021-07-15 09:30:00', '2021-07-15T13:30:00Z'], // EDT
      ['2021-03-14 01:59:59', '2021-03-14T06:59:59Z'], // last second before the gap
      ['2021-03-14 03:00:00', '2021-03-14T07:00:00Z'], // first second after it
      ['2021-11-07 00:59:59', '2021-11-07T04:59:59Z'],
      ['2021-11-07 01:00:00', '2021-11-07T05:00:00Z'], // repeated hour: the earlier (EDT)
      ['2021-11-07 01:30:00', '2021-11-07T05:30:00Z'],
      ['2021-11-07 01:59:59', '2021-11-07T05:59:59Z'],
      ['2021-11-07 02:00:00', '2021-11-07T07:00:00Z'], // EST from here
    ],
    'Europe/London': [
      ['2021-01-15 08:00:00', '2021-01-15T08:00:00Z'], // GMT
      ['2021-07-15 08:00:00', '2021-07-15T07:00:00Z'], // BST
      ['2021-03-28 00:59:59', '2021-03-28T00:59:59Z'],
      ['2021-03-28 02:00:00', '2021-03-28T01:00:00Z'],
      ['2021-10-31 01:30:00', '2021-10-31T00:30:00Z'], // repeated hour: the earlier (BST)
      ['2021-10-31 02:00:00', '2021-10-31T02:00:00Z'],
    ],
  };
  for (const [zone, cases] of Object.entries(CASES)) {
    for (const [local, utc] of cases) {
      it(`given ${local} in ${zone}, then it is ${utc}`, () => {
        expect(nsFromIsoText(local, zoneOffsets(zone))).toBe(ns(utc));
      });
    }
  }

  it('given fraction digits, then they are kept to the ns', () => {
    expect(nsFromIsoText('2021-11-07 01:30:00.000000001', zoneOffsets('America/New_York'))).toBe(
      ns('2021-11-07T05:30:00Z') + 1n,
    );
  });

  it('given a time inside the spring-forward gap, then it is refused as not existing', () => {
    for (const [zone, local] of [
      ['America/New_York', '2021-03-14 02:00:00'],
      ['America/New_York', '2021-03-14 02:30:00'],
      ['America/New_York', '2021-03-14T02:59:59.999999999'],
      ['Europe/London', '2021-03-28 01:30:00'],
    ] as const) {
      expect(() => nsFromIsoText(local, zoneOffsets(zone)), local).toThrow(
        `"${local}" is not a time that can be ingested: that local time does not exist in ${zone}: the clocks jumped`,
      );
    }
    expect(() => nsFromIsoText('2021-03-14 02:30:00', zoneOffsets('America/New_York'))).toThrow(
      'from UTC-05:00 to UTC-04:00 across it (a daylight-saving gap)',
    );
  });

  it('given a time near 1970 that is before the epoch in UTC, then it is refused', () => {
    expect(() => nsFromIsoText('1970-01-01 00:30:00', zoneOffsets('Europe/Paris'))).toThrow(/before 1970/);
  });

  const ZONES = [
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
    'America/St_Johns',
    'Asia/Kolkata',
  ];
  it('given any instant from 1970 to 2100 written as wall-clock time in a zone, then it reads back as that instant, or as the earlier one when the time repeats', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 86_400, max: Date.UTC(2100, 0, 1) / 1000 }),
        (zone, seconds) => {
          const text = wallClock(zone, seconds);
          const read = nsFromIsoText(text, zoneOffsets(zone));
          const instant = BigInt(seconds) * 1_000_000_000n;
          if (read !== instant) {
            expect(read).toBeLessThan(instant);
            expect(wallClock(zone, Number(read / 1_000_000_000n))).toBe(text);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('given every half hour of 2021 and of 1975 in each zone, then each reads back likewise (every DST change included)', () => {
    for (const zone of ZONES) {
      const offsets = zoneOffsets(zone);
      for (const year of [1975, 2021]) {
        let repeated = 0;
        for (
          let seconds = Date.UTC(year, 0, 1) / 1000;
          seconds < Date.UTC(year + 1, 0, 1) / 1000;
          seconds += 1800
        ) {
          const text = wallClock(zone, seconds);
          const read = Number(nsFromIsoText(text, offsets) / 1_000_000_000n);
          if (read !== seconds) {
            repeated++;
            expect(read, `${zone} ${text}`).toBeLessThan(seconds);
            expect(wallClock(zone, read), `${zone} ${text}`).toBe(text);
          }
        }
        // Zones with DST repeat an hour (Lord Howe half an hour) once a year.
        const expected = { 'Australia/Lord_Howe': year === 1975 ? 0 : 1, 'Asia/Kolkata': 0 }[zone] ?? 2;
        expect(repeated, `${zone} ${year}`).toBe(expected);
      }
    }
  });
});

describe('patterns and configuration', () => {
  it('given a pattern and a timezone, then its times are wall-clock times there, and a gap is refused', () => {
    const parse = compileTimePattern('yyyyMMdd HHmmssSSS', zoneOffsets('America/New_York'));
    expect(parse('20211107 013000250')).toBe(ns('2021-11-07T05:30:00.250Z'));
    expect(parse('20210715 093000000')).toBe(ns('2021-07-15T13:30:00Z'));
    expect(() => parse('20210314 023000000')).toThrow(
      '"20210314 023000000" is not a time that can be ingested (pattern "yyyyMMdd HHmmssSSS", America/New_York): that local time does not exist',
    );
    expect(() => parse('2021031 0230000000')).toThrow(
      'expected a time like "yyyyMMdd HHmmssSSS" (America/New_York)',
    );
  });

  it('given a timezone on an iso mapping, then only times without an offset use it', () => {
    const parse = timestampParser('iso', 'Asia/Tokyo');
    expect(parse('2021-07-15 09:00:00')).toBe(ns('2021-07-15T00:00:00Z'));
    expect(parse('2021-07-15 09:00:00Z')).toBe(ns('2021-07-15T09:00:00Z'));
  });

  it('given an unknown zone name, then it is a SourceConfigError naming the option', () => {
    expect(() => timestampParser('iso', 'America/NewYork')).toThrow(SourceConfigError);
    expect(() => timestampParser('iso', 'America/NewYork')).toThrow(
      'timezone "America/NewYork" is not an IANA time zone name',
    );
    expect(() => timestampParser({ pattern: 'yyyyMMdd' }, '')).toThrow(SourceConfigError);
  });

  it('given an NDJSON mapping whose timestamp field has a timezone, then the schema keeps it and the plan reads in that zone', () => {
    const mapping = ndjsonMappingSchema.parse({
      kind: 'trades',
      symbol: 'AAPL',
      venue: 'XNAS',
      timestamp: { field: 't', format: { pattern: "yyyy-MM-dd'T'HH:mm:ss" }, timezone: 'Europe/London' },
      fields: { price: 'p', size: 'q' },
    });
    expect(planNdjson(mapping).eventTime('2021-07-15T08:00:00')).toBe(ns('2021-07-15T07:00:00Z'));
    const misspelt = ndjsonMappingSchema.safeParse({
      ...mapping,
      timestamp: { ...mapping.timestamp, timezone: 'Europe/Londn' },
    });
    expect(misspelt.error?.issues).toMatchObject([
      {
        path: ['timestamp', 'timezone'],
        message: expect.stringContaining('"Europe/Londn" is not an IANA time zone'),
      },
    ]);
  });

  it('given a timezone with an epoch format, then it is a SourceConfigError: epoch times are UTC', () => {
    expect(() => timestampParser('epoch-ms', 'Europe/London')).toThrow(
      'timezone "Europe/London" does not apply to epoch-ms timestamps (epoch times are UTC): remove it',
    );
  });
});

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

/** `seconds` since the epoch as "yyyy-MM-dd HH:mm:ss" on the clocks of `zone`, per Intl. */
function wallClock(zone: string, seconds: number): string {
  let formatter = FORMATTERS.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    FORMATTERS.set(zone, formatter);
  }
  return formatter.format(seconds * 1000);
}
