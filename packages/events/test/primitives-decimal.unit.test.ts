// The decimal schemas are one check each, for speed. They must accept and reject exactly what
// the chain of zod checks they replaced did, with the same messages in the same order: that
// chain is kept here as the reference and compared on any input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decimal, expected, nonNegativeDecimal, positiveDecimal } from '../src/primitives.ts';

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const digitsOf = (value: string) => [...value].filter((ch) => ch >= '0' && ch <= '9').length;

const referenceDecimal = z
  .string({ error: expected('an exact decimal string like "123.45"') })
  .regex(DECIMAL, { error: expected('an exact decimal string like "123.45"') })
  .refine((value) => digitsOf(value) <= 38, { error: 'a decimal may have at most 38 digits' })
  .refine((value) => value !== '-0' && !/^-0\.0*$/.test(value), { error: 'negative zero is not a decimal' });
const referencePositive = referenceDecimal.refine((value) => !value.startsWith('-') && /[1-9]/.test(value), {
  error: expected('a decimal greater than zero'),
});
const referenceNonNegative = referenceDecimal.refine((value) => !value.startsWith('-'), {
  error: expected('a decimal of zero or more'),
});

const PAIRS = [
  ['decimal', decimal, referenceDecimal],
  ['positiveDecimal', positiveDecimal, referencePositive],
  ['nonNegativeDecimal', nonNegativeDecimal, referenceNonNegative],
] as const;

/** What a schema says of a value: the parsed value, or every issue's message and path. */
function verdict(schema: z.ZodType, value: unknown) {
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, issues: parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]) };
}

const decimalLike = fc.stringMatching(/^-?[0-9]{0,45}(\.[0-9]{0,45})?$/);
const nearDecimal = fc
  .array(fc.constantFrom('-', '0', '1', '9', '.', 'e', '+', ' ', 'x'), { maxLength: 12 })
  .map((chars) => chars.join(''));
const anyInput = fc.oneof(
  decimalLike,
  nearDecimal,
  fc.string(),
  fc.constantFrom('-0', '-0.', '-0.000', '0', '0.0', '-1', '1', '', '00', '1.', '.5', '-0.01'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, undefined, true, [], {}),
);

describe('decimal schemas', () => {
  for (const [name, schema, reference] of PAIRS) {
    it(`given any input, when ${name} parses it, then it says what the chain of checks it replaced says`, () => {
      fc.assert(
        fc.property(anyInput, (value) => {
          expect(verdict(schema, value)).toEqual(verdict(reference, value));
        }),
        { numRuns: 5_000 },
      );
    });
  }

  it('given a value breaking several rules, then each rule reports (the case the order matters for)', () => {
    const longBad = `-${'0'.repeat(40)}x`;
    expect(verdict(positiveDecimal, longBad)).toEqual(verdict(referencePositive, longBad));
    expect((verdict(positiveDecimal, longBad).issues ?? []).length).toBe(3);
  });
});
