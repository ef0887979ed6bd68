// Shared fast-check arbitraries of the primitives every payload is made of: decimals,
// symbols, identifiers, text, timestamps, event ids and W3C trace context (arbitraries.ts
// builds payloads and events from them).
import fc from 'fast-check';
import { MAX_TIMESTAMP_NS } from '../src/index.ts';

// ---- primitives -------------------------------------------------------------------------

const digitChar = fc.constantFrom(...'0123456789');
const nonZeroDigitChar = fc.constantFrom(...'123456789');
const hexChar = fc.constantFrom(...'0123456789abcdef');

/** A string of `min`..`max` decimal digits. */
export const digits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: digitChar, minLength: min, maxLength: max });

const hex = (length: number): fc.Arbitrary<string> =>
  fc.string({ unit: hexChar, minLength: length, maxLength: length });

/** Decimals worth having in every run: long fractions, trailing zeros, the 38-digit limit. */
export const NOTABLE_DECIMALS = [
  '0',
  '1',
  '0.1',
  '123.45',
  '0.00010',
  '100',
  '0.000000012345678901',
  '65000.5',
  '99999999999999999999999999999999999999',
  '0.0000000000000000000000000000000000001',
  '12345678901234567890.123456789012345678',
] as const;

// Integer part of up to 20 digits and fraction of up to 18: at most 38 digits in all.
const integerPart = fc.oneof(
  fc.constant('0'),
  fc.tuple(nonZeroDigitChar, digits(0, 19)).map(([head, tail]) => head + tail),
);
const fractionPart = fc.option(digits(1, 18), { nil: undefined });

/** Any decimal of zero or more, e.g. "0", "7", "0.00010", "123.000000012345678901". */
export const nonNegativeDecimalArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NOTABLE_DECIMALS),
  fc
    .tuple(integerPart, fractionPart)
    .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`)),
);

/** Any decimal greater than zero. */
export const positiveDecimalArb: fc.Arbitrary<string> = nonNegativeDecimalArb.filter((value) =>
  /[1-9]/.test(value),
);

/** Any decimal, negative ones included (never negative zero). */
export const decimalArb: fc.Arbitrary<string> = fc.oneof(
  nonNegativeDecimalArb,
  positiveDecimalArb.map((value) => `-${value}`),
);

/** Anything the symbol pattern allows: 1-64 of A-Z a-z 0-9 . _ - / :, starting alphanumeric. */
export const patternSymbolArb: fc.Arbitrary<string> = fc.stringMatching(
  /^[A-Za-z0-9][A-Za-z0-9._\-/:]{0,63}$/,
);

/** Real-looking symbols plus anything the symbol pattern allows. */
export const symbolArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('BTCUSDT', 'ETHUSDT', 'BRK.B', 'EUR/USD', 'ES:CME', 'BTC-PERP', 'spy_240621', 'A'),
  patternSymbolArb,
);

/** 1-128 printable ASCII characters without spaces (quotes and backslashes included). */
export const identifierArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('binance', 'ord-1', 'exec:42', 'USDT', 'sma-cross'),
  fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
    minLength: 1,
    maxLength: 128,
  }),
);

// Any Unicode code point except lone surrogates, ASCII and the BMP weighted up. (Not
// fc.string's 'binary' unit: building that one maps every code point first, which costs
// over a second in each test file's process.)
const codePointArb: fc.Arbitrary<string> = fc
  .oneof(
    fc.integer({ min: 0, max: 0x7f }),
    fc.integer({ min: 0, max: 0xffff }),
    fc.integer({ min: 0, max: 0x10ffff }),
  )
  .filter((code) => code < 0xd800 || code > 0xdfff)
  .map((code) => String.fromCodePoint(code));

/** A string of any Unicode code points; lengths count code points, not UTF-16 units. */
export const unicodeStringArb = (
  constraints: { minLength?: number; maxLength?: number } = {},
): fc.Arbitrary<string> => fc.string({ ...constraints, unit: codePointArb });

/** Free text up to the 512-character limit, any Unicode included. */
export const shortTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', 'SMA(5) crossed above SMA(20)', 'x'.repeat(512), 'Überkauft 📈 "quoted" \\ \n'),
  fc.string({ maxLength: 512 }),
  // A code point is at most two UTF-16 units, so 256 of them stay within 512 characters.
  unicodeStringArb({ maxLength: 256 }),
);

/** Nanoseconds from 0 to 2^63-1, the bounds themselves included. */
export const timestampArb: fc.Arbitrary<bigint> = fc.oneof(
  fc.constantFrom(0n, 1n, 1_582_329_600_123_456_789n, MAX_TIMESTAMP_NS),
  fc.bigInt({ min: 0n, max: MAX_TIMESTAMP_NS }),
);

/** A canonical lower-case UUID of version 1-8 (what the envelope accepts as an id). */
export const eventIdArb: fc.Arbitrary<string> = fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] });

/** A W3C traceparent, version 00, with non-zero trace and span ids. */
export const traceparentArb: fc.Arbitrary<string> = fc
  .tuple(
    hex(32).filter((id) => /[1-9a-f]/.test(id)),
    hex(16).filter((id) => /[1-9a-f]/.test(id)),
    hex(2),
  )
  .map(([trace, span, flags]) => `00-${trace}-${span}-${flags}`);

const tracestateKeyChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_-*/');
const tracestateKeyArb: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
      fc.string({ unit: tracestateKeyChar, maxLength: 12 }),
    )
    .map(([first, rest]) => first + rest),
  fc
    .tuple(
      fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
      fc.string({ unit: tracestateKeyChar, maxLength: 8 }),
      fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
      fc.string({ unit: tracestateKeyChar, maxLength: 5 }),
    )
    .map(([tenant, tenantRest, system, systemRest]) => `${tenant}${tenantRest}@${system}${systemRest}`),
);
// Printable ASCII but `,` and `=`; the last character not a space.
const tracestateValueChar = fc
  .integer({ min: 0x20, max: 0x7e })
  .filter((code) => code !== 0x2c && code !== 0x3d)
  .map((code) => String.fromCharCode(code));
const tracestateValueArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ unit: tracestateValueChar, maxLength: 16 }),
    tracestateValueChar.filter((c) => c !== ' '),
  )
  .map(([body, last]) => body + last);

/** A W3C tracestate as OpenTelemetry serializes one: 1-32 `key=value` members joined by commas. */
export const tracestateArb: fc.Arbitrary<string> = fc
  .uniqueArray(fc.tuple(tracestateKeyArb, tracestateValueArb), {
    minLength: 1,
    maxLength: 32,
    selector: ([key]) => key,
  })
  .map((members) => members.map(([key, value]) => `${key}=${value}`).join(','))
  .filter((text) => text.length <= 512);
