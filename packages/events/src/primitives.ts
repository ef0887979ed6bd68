// The building blocks every event schema shares. Prices and quantities are exact decimal
// strings (never binary floats) so that "0.1" stays "0.1" on every hop; timestamps are
// integer nanoseconds since the Unix epoch, held as bigint so nothing is rounded.
import { z } from 'zod';

const MAX_DECIMAL_DIGITS = 38;
const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const NEGATIVE_ZERO = /^-0(\.0*)?$/;
const NON_ZERO_DIGIT = /[1-9]/;

function countDigits(value: string): number {
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits;
}

const decimalText = expected('an exact decimal string like "123.45"');

/**
 * A decimal string schema, with `also` (a rule of its own and its message) checked too.
 * One check instead of a regex and a refinement per rule: decimals are most of every
 * payload, and each zod check has a cost of its own. Each rule is tested independently, as
 * a chain of checks would, so a value breaking several rules gets each one's issue, in this
 * order (test/primitives-decimal checks it against the chain it replaces).
 */
function decimalSchema(also?: {
  holds: (value: string) => boolean;
  message: (issue: { input?: unknown }) => string;
}) {
  return z.string({ error: decimalText }).check((ctx) => {
    const value = ctx.value;
    const issue = (message: string) => ctx.issues.push({ code: 'custom', input: value, message });
    if (!DECIMAL.test(value)) issue(decimalText({ input: value }));
    if (countDigits(value) > MAX_DECIMAL_DIGITS)
      issue(`a decimal may have at most ${MAX_DECIMAL_DIGITS} digits`);
    if (NEGATIVE_ZERO.test(value)) issue('negative zero is not a decimal');
    if (also !== undefined && !also.holds(value)) issue(also.message({ input: value }));
  });
}

/**
 * The decimal schemas' rules as predicates, all of them at once: the codec's fast path
 * checks canonical payloads with these, so the rules exist once.
 */
export function isDecimal(value: string): boolean {
  if (!DECIMAL.test(value)) return false;
  // The same rules, each tried only where it can fail: a string no longer than the digit
  // limit cannot have too many digits, and only a string starting with '-' can be -0.
  if (value.length > MAX_DECIMAL_DIGITS && countDigits(value) > MAX_DECIMAL_DIGITS) return false;
  return value.charCodeAt(0) !== 45 || !NEGATIVE_ZERO.test(value);
}
const greaterThanZero = (value: string) => value.charCodeAt(0) !== 45 && NON_ZERO_DIGIT.test(value);
const zeroOrMore = (value: string) => value.charCodeAt(0) !== 45;
export const isPositiveDecimal = (value: string): boolean => isDecimal(value) && greaterThanZero(value);
export const isNonNegativeDecimal = (value: string): boolean => isDecimal(value) && zeroOrMore(value);

/** An exact decimal string such as "-12.5" or "0.00010". No exponent, no leading '+'. */
export const decimal = decimalSchema();

/** A decimal strictly greater than zero (quantities, prices of spot instruments). */
export const positiveDecimal = decimalSchema({
  holds: greaterThanZero,
  message: expected('a decimal greater than zero'),
});

/** A decimal greater than or equal to zero (commissions, filled quantities). */
export const nonNegativeDecimal = decimalSchema({
  holds: zeroOrMore,
  message: expected('a decimal of zero or more'),
});

/** What a symbol may look like (the schema below, the codec's fast path, query parameters). */
export const SYMBOL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/:]{0,63}$/;

/** W3C trace context, version 00: all-zero trace or span ids are invalid by the spec. */
export const TRACEPARENT_PATTERN = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

// One W3C tracestate list member, `key=value`, with optional spaces or tabs around it. Keys:
// a simple key (lower-case letter first) or a multi-tenant `tenant@system`; values: printable
// ASCII but `,` and `=`, not ending in a space. The same rules OpenTelemetry's TraceState
// applies, so whatever its propagator injects is accepted.
const TRACESTATE_MEMBER =
  /^[ \t]*(?:[a-z][_0-9a-z\-*/]{0,255}|[a-z0-9][_0-9a-z\-*/]{0,240}@[a-z][_0-9a-z\-*/]{0,13})=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e][ \t]*$/;
const TRACESTATE_BLANK = /^[ \t]*$/;
/** The longest tracestate kept: what W3C asks vendors to propagate, and OpenTelemetry's cap. */
export const MAX_TRACESTATE_LENGTH = 512;
const MAX_TRACESTATE_MEMBERS = 32;

/**
 * W3C tracestate: 1-32 list members separated by commas (blank members allowed, as the spec
 * allows them), at most 512 characters. Empty is not a tracestate: the field is left out.
 */
export function isTracestate(text: string): boolean {
  if (text.length === 0 || text.length > MAX_TRACESTATE_LENGTH) return false;
  let members = 0;
  for (const member of text.split(',')) {
    if (TRACESTATE_BLANK.test(member)) continue;
    if (!TRACESTATE_MEMBER.test(member) || ++members > MAX_TRACESTATE_MEMBERS) return false;
  }
  return members > 0;
}

/** An instrument symbol: the partition key of market data, signals, orders and fills. */
export const symbol = z.string({ error: expected('a symbol string') }).regex(SYMBOL_PATTERN, {
  error: expected('a symbol of 1-64 characters from A-Z a-z 0-9 . _ - / :'),
});

/** What an identifier may look like (the schema below, the codec's fast path). */
export const IDENTIFIER_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** An opaque identifier (order ids, execution ids, strategy ids, venues). */
export const identifier = z.string({ error: expected('an identifier string') }).regex(IDENTIFIER_PATTERN, {
  error: expected('1-128 printable ASCII characters without spaces'),
});

/** Free text for humans (reasons); bounded so one event cannot balloon a stream. */
export const shortText = z
  .string({ error: expected('a string') })
  .max(512, { error: 'expected at most 512 characters' });

/** The largest timestamp a signed 64-bit nanosecond clock holds (year 2262). */
export const MAX_TIMESTAMP_NS = 2n ** 63n - 1n;

/** Integer nanoseconds since the Unix epoch. */
export const timestampNs = z
  .bigint({ error: expected('integer nanoseconds since the Unix epoch') })
  .min(0n, { error: 'a timestamp cannot be before 1970' })
  .max(MAX_TIMESTAMP_NS, { error: 'a timestamp must fit in a signed 64-bit nanosecond clock' });

export const side = z.enum(['buy', 'sell'], { error: expected('"buy" or "sell"') });
export type Side = z.infer<typeof side>;

/**
 * A zod error callback: "missing" for an absent field, else "expected <what>, got <input>".
 * Every schema here reports through it, so messages read the same everywhere.
 */
export function expected(what: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? 'missing' : `expected ${what}, got ${show(issue.input)}`);
}

/**
 * A short, safe rendering of a rejected input for error messages: it never throws (deep,
 * circular or bigint-holding values), and stays short, since the message may end up as a
 * dead-letter reason.
 */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object')
    return `an object with keys ${Object.keys(value).slice(0, 5).join(', ') || '(none)'}`;
  return value === undefined ? 'nothing' : String(value).slice(0, 40);
}
