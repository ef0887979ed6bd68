// ISO-8601 / RFC 3339 date-times as real files write them, read exactly to the nanosecond.
// Hand-written over char codes (no regex, no Date): it runs once per row.
//
// Accepted: yyyy-MM-dd, then `T`, `t` or one space, then HH:mm[:ss[(.|,)f…]] with 1–9
// fraction digits, then an offset `Z`, `z`, `UTC`, `±hh:mm`, `±hhmm` or `±hh` (optionally
// after one space, as `2013-01-01 22:00:00 +0000`), or no offset when a timezone is
// configured. Refused with a reason: more than 9 fraction digits (finer than a ns), leap
// seconds (:60), dates that do not exist (Feb 30), DST gaps, times before 1970.
import { quoted } from '../show-input.ts';
import { civilProblem, daysFromCivil } from './civil.ts';
import type { ZoneOffsets } from './zone-offset.ts';

const EXAMPLE = '"2020-02-22T00:00:00.123Z" or "2020-02-22 00:00:00.123456+00:00"';
const NS_PER_S = 1_000_000_000n;
/** 10^(9 − n): scales n fraction digits to nanoseconds. */
const FRACTION_SCALE = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];

const DASH = 45;
const COLON = 58;
const SPACE = 32;
const DOT = 46;
const COMMA = 44;
const PLUS = 43;

/**
 * A reader of ISO-8601 text to ns since the epoch. Times without an offset are wall-clock
 * times in `zone`; without a zone they are refused as ambiguous. Throws RangeError.
 */
export function isoTimeParser(zone: ZoneOffsets | undefined): (text: string) => bigint {
  return (text) => nsFromIsoText(text, zone);
}

/** ns since the epoch of ISO-8601 text; see isoTimeParser. Throws RangeError saying why not. */
export function nsFromIsoText(text: string, zone: ZoneOffsets | undefined): bigint {
  const year = digits(text, 0, 4);
  if (year < 0 || text.charCodeAt(4) !== DASH)
    return malformed(text, 'it should start with a date yyyy-MM-dd');
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (month < 0 || text.charCodeAt(7) !== DASH || day < 0) {
    return malformed(text, 'it should start with a date yyyy-MM-dd');
  }
  const separator = text.charCodeAt(10);
  if (separator !== 84 /* T */ && separator !== 116 /* t */ && separator !== SPACE) {
    return malformed(text, 'the date should be followed by "T", "t" or one space, then the time');
  }
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  if (hour < 0 || text.charCodeAt(13) !== COLON || minute < 0) {
    return malformed(text, 'the time should be HH:mm:ss');
  }
  let at = 16;
  let second = 0;
  let nanos = 0;
  if (text.charCodeAt(at) === COLON) {
    second = digits(text, 17, 2);
    if (second < 0) return malformed(text, 'the seconds should be two digits');
    at = 19;
    const mark = text.charCodeAt(at);
    if (mark === DOT || mark === COMMA) {
      const start = ++at;
      let value = 0;
      for (let digit = digitAt(text, at); digit >= 0; digit = digitAt(text, ++at)) {
        if (at - start < 9) value = value * 10 + digit;
      }
      const count = at - start;
      if (count === 0) return malformed(text, 'the decimal point should be followed by 1–9 digits');
      if (count > 9) {
        return invalid(
          text,
          `${count} fraction digits: at most 9 (nanoseconds) can be stored exactly, and rounding would change the time`,
        );
      }
      nanos = value * (FRACTION_SCALE[count] ?? 1);
    }
  }

  let offset = Number.NaN;
  if (at < text.length) {
    // One space may come before an offset, as Ruby, Go and some logs write it.
    if (text.charCodeAt(at) === SPACE) at++;
    const sign = text.charCodeAt(at);
    if (sign === 90 /* Z */ || sign === 122 /* z */) {
      offset = 0;
      at++;
    } else if (text.startsWith('UTC', at)) {
      offset = 0;
      at += 3;
    } else if (sign === PLUS || sign === DASH) {
      const hours = digits(text, at + 1, 2);
      if (hours < 0) return malformed(text, 'the offset should be Z, ±hh:mm, ±hhmm or ±hh');
      at += 3;
      let minutes = 0;
      if (text.charCodeAt(at) === COLON) {
        minutes = digits(text, at + 1, 2);
        at += 3;
      } else if (digitAt(text, at) >= 0) {
        minutes = digits(text, at, 2);
        at += 2;
      }
      if (minutes < 0) return malformed(text, 'the offset should be Z, ±hh:mm, ±hhmm or ±hh');
      if (hours > 23 || minutes > 59) return invalid(text, 'the offset should be at most ±23:59');
      offset = (sign === PLUS ? 1 : -1) * (hours * 3600 + minutes * 60);
    }
    if (at !== text.length || Number.isNaN(offset)) {
      return malformed(
        text,
        `unexpected ${quoted(text.slice(at))} after the time (an offset is Z, ±hh:mm, ±hhmm or ±hh)`,
      );
    }
  }

  const problem = civilProblem(year, month, day, hour, minute, second);
  if (problem !== undefined) return invalid(text, problem);
  const local = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
  let utc: number;
  if (!Number.isNaN(offset)) {
    utc = local - offset;
  } else if (zone !== undefined) {
    utc = zone.toUtc(local);
    if (Number.isNaN(utc)) return invalid(text, zone.gapReason(local));
  } else {
    return invalid(
      text,
      'it has no UTC offset, so the instant it means is ambiguous: write one (Z, +01:00) or set the ' +
        'timestamp mapping\'s "timezone" to the IANA zone the file is in, e.g. "America/New_York"',
    );
  }
  if (utc < 0) return invalid(text, 'times before 1970-01-01T00:00:00Z are not supported');
  return BigInt(utc) * NS_PER_S + BigInt(nanos);
}

/** The value of `count` decimal digits at `at`, or -1 when any is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = digitAt(text, i);
    if (digit < 0) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function digitAt(text: string, at: number): number {
  const digit = text.charCodeAt(at) - 48; // NaN past the end, which fails both tests
  return digit >= 0 && digit <= 9 ? digit : -1;
}

function malformed(text: string, why: string): never {
  throw new RangeError(`expected an ISO-8601 time like ${EXAMPLE}, got ${quoted(text)}: ${why}`);
}

function invalid(text: string, why: string): never {
  throw new RangeError(`${quoted(text)} is not a time that can be ingested: ${why}`);
}
