// Fixed-width date-time patterns such as "yyyyMMdd HHmmssSSS" (many vendors' CSVs), read
// as UTC, or as wall-clock time in a configured IANA zone. Tokens: yyyy MM dd HH mm ss and
// S…S (1-9 fraction-of-second digits); any other letter is refused so a typo (hh, YYYY)
// cannot silently misread times; text in single quotes and non-letters are literals.
// Every token has a fixed width, so a pattern compiles to positions: a row is read with
// char codes, no regex and no Date.
import { SourceConfigError } from './errors.ts';
import { quoted } from './show-input.ts';
import { civilProblem, daysFromCivil } from './time/civil.ts';
import type { ZoneOffsets } from './time/zone-offset.ts';

type Part = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'fraction';

const TOKENS: readonly { readonly token: string; readonly part: Part }[] = [
  { token: 'yyyy', part: 'year' },
  { token: 'MM', part: 'month' },
  { token: 'dd', part: 'day' },
  { token: 'HH', part: 'hour' },
  { token: 'mm', part: 'minute' },
  { token: 'ss', part: 'second' },
];
const FRACTION_SCALE = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];

/** Digits of one part at a fixed position. */
interface Field {
  readonly part: Part;
  readonly at: number;
  readonly width: number;
}

interface CompiledPattern {
  readonly width: number;
  readonly fields: readonly Field[];
  /** Char code each literal position must hold. */
  readonly literals: readonly { readonly at: number; readonly code: number }[];
}

/**
 * Compiles `pattern` into a parser of text to ns since the epoch: UTC, or wall-clock time in
 * `zone` (see ZoneOffsets for DST gaps and overlaps). Throws SourceConfigError.
 */
export function compileTimePattern(pattern: string, zone?: ZoneOffsets): (text: string) => bigint {
  const compiled = compile(pattern);
  const where = zone === undefined ? 'UTC' : zone.zone;
  return (text) => parseWith(compiled, pattern, where, zone, text);
}

function compile(pattern: string): CompiledPattern {
  const fields: Field[] = [];
  const literals: { at: number; code: number }[] = [];
  let width = 0;
  const literal = (text: string) => {
    for (const char of text) {
      literals.push({ at: width, code: char.charCodeAt(0) });
      width += char.length;
    }
  };
  let at = 0;
  while (at < pattern.length) {
    const rest = pattern.slice(at);
    const token = TOKENS.find((t) => rest.startsWith(t.token));
    const fraction = /^S{1,9}/.exec(rest)?.[0];
    if (token !== undefined) {
      fields.push({ part: token.part, at: width, width: token.token.length });
      width += token.token.length;
      at += token.token.length;
    } else if (fraction !== undefined) {
      fields.push({ part: 'fraction', at: width, width: fraction.length });
      width += fraction.length;
      at += fraction.length;
    } else if (rest.startsWith("'")) {
      const end = pattern.indexOf("'", at + 1);
      if (end < 0) throw new SourceConfigError(`timestamp pattern "${pattern}": unterminated quoted literal`);
      literal(pattern.slice(at + 1, end));
      at = end + 1;
    } else if (/^[A-Za-z]/.test(rest)) {
      throw new SourceConfigError(
        `timestamp pattern "${pattern}": unsupported letter "${rest[0]}" at ${at} ` +
          `(supported: yyyy MM dd HH mm ss S…S; quote literal text like 'T')`,
      );
    } else {
      literal(rest.slice(0, 1));
      at += 1;
    }
  }
  const parts = fields.map((field) => field.part);
  for (const required of ['year', 'month', 'day'] as const) {
    if (!parts.includes(required)) {
      throw new SourceConfigError(
        `timestamp pattern "${pattern}" has no ${required}: times would be ambiguous`,
      );
    }
  }
  if (new Set(parts).size !== parts.length) {
    throw new SourceConfigError(`timestamp pattern "${pattern}" names a part twice`);
  }
  return { width, fields, literals };
}

function parseWith(
  { width, fields, literals }: CompiledPattern,
  pattern: string,
  where: string,
  zone: ZoneOffsets | undefined,
  text: string,
): bigint {
  const misshapen = () => new RangeError(`expected a time like "${pattern}" (${where}), got ${quoted(text)}`);
  if (text.length !== width) throw misshapen();
  for (const { at, code } of literals) if (text.charCodeAt(at) !== code) throw misshapen();
  const value = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, fraction: 0 };
  let fractionWidth = 0;
  for (const field of fields) {
    let number = 0;
    for (let i = field.at; i < field.at + field.width; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (!(digit >= 0 && digit <= 9)) throw misshapen();
      number = number * 10 + digit;
    }
    value[field.part] = number;
    if (field.part === 'fraction') fractionWidth = field.width;
  }
  const { year, month, day, hour, minute, second } = value;
  const refuse = (why: string) =>
    new RangeError(
      `${quoted(text)} is not a time that can be ingested (pattern "${pattern}", ${where}): ${why}`,
    );
  const problem = civilProblem(year, month, day, hour, minute, second);
  if (problem !== undefined) throw refuse(problem);
  const local = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
  const utc = zone === undefined ? local : zone.toUtc(local);
  if (Number.isNaN(utc)) throw refuse(zone?.gapReason(local) ?? 'no such time');
  if (utc < 0) throw refuse('times before 1970-01-01T00:00:00Z are not supported');
  return BigInt(utc) * 1_000_000_000n + BigInt(value.fraction * (FRACTION_SCALE[fractionWidth] ?? 1));
}
