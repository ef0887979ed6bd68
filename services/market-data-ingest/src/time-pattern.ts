// Fixed-width date-time patterns such as "yyyyMMdd HHmmssSSS" (many vendors' CSVs), read
// as UTC. Tokens: yyyy MM dd HH mm ss and S…S (1-9 fraction-of-second digits); any other
// letter is refused so a typo (hh, YYYY) cannot silently misread times; text in single
// quotes and non-letters are literals.
import { SourceConfigError } from './errors.ts';
import { quoted } from './show-input.ts';

type Part = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'fraction';

const TOKENS: readonly { readonly token: string; readonly part: Part }[] = [
  { token: 'yyyy', part: 'year' },
  { token: 'MM', part: 'month' },
  { token: 'dd', part: 'day' },
  { token: 'HH', part: 'hour' },
  { token: 'mm', part: 'minute' },
  { token: 'ss', part: 'second' },
];

interface CompiledPattern {
  readonly regex: RegExp;
  /** Which part each capture group holds, in order. */
  readonly parts: readonly Part[];
}

/** Compiles `pattern` into a parser of text to ns since the epoch (UTC). Throws SourceConfigError. */
export function compileTimePattern(pattern: string): (text: string) => bigint {
  const compiled = compile(pattern);
  return (text) => parseWith(compiled, pattern, text);
}

function compile(pattern: string): CompiledPattern {
  let source = '';
  const parts: Part[] = [];
  let at = 0;
  while (at < pattern.length) {
    const rest = pattern.slice(at);
    const token = TOKENS.find((t) => rest.startsWith(t.token));
    const fraction = /^S{1,9}/.exec(rest)?.[0];
    if (token !== undefined) {
      source += `(\\d{${token.token.length}})`;
      parts.push(token.part);
      at += token.token.length;
    } else if (fraction !== undefined) {
      source += `(\\d{${fraction.length}})`;
      parts.push('fraction');
      at += fraction.length;
    } else if (rest.startsWith("'")) {
      const end = pattern.indexOf("'", at + 1);
      if (end < 0) throw new SourceConfigError(`timestamp pattern "${pattern}": unterminated quoted literal`);
      source += escapeRegex(pattern.slice(at + 1, end));
      at = end + 1;
    } else if (/^[A-Za-z]/.test(rest)) {
      throw new SourceConfigError(
        `timestamp pattern "${pattern}": unsupported letter "${rest[0]}" at ${at} ` +
          `(supported: yyyy MM dd HH mm ss S…S; quote literal text like 'T')`,
      );
    } else {
      source += escapeRegex(rest.slice(0, 1));
      at += 1;
    }
  }
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
  return { regex: new RegExp(`^${source}$`), parts };
}

function parseWith({ regex, parts }: CompiledPattern, pattern: string, text: string): bigint {
  const match = regex.exec(text);
  if (match === null) throw new RangeError(`expected a time like "${pattern}" (UTC), got ${quoted(text)}`);
  const value = (part: Part, fallback: number): number => {
    const index = parts.indexOf(part);
    return index < 0 ? fallback : Number(match[index + 1]);
  };
  const [year, month, day] = [value('year', 0), value('month', 1), value('day', 1)];
  const [hour, minute, second] = [value('hour', 0), value('minute', 0), value('second', 0)];
  const fractionIndex = parts.indexOf('fraction');
  const fraction = fractionIndex < 0 ? '' : (match[fractionIndex + 1] ?? '');

  // Date.UTC rolls impossible values over (Feb 30 → Mar 1, 24:00 → next day): refuse them.
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  const real =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  if (!real || year < 1970) {
    throw new RangeError(`expected a real UTC time from 1970 on like "${pattern}", got ${quoted(text)}`);
  }
  return BigInt(ms) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
