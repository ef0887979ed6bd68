// The /fills query as a zod schema (it validates the request and documents it in /openapi.json):
// symbol, from/to (ISO-8601 or integer ns since epoch, on ts_event, inclusive), limit
// (1-10000, default 1000) and offset (default 0). An unknown, repeated or bad parameter is
// rejected naming it (the kit answers a 400 problem).
import { nsFromIso, SYMBOL_PATTERN } from '@tickflow/events';
import { z } from 'zod';

export const DEFAULT_LIMIT = 1_000;
export const MAX_LIMIT = 10_000;

export interface FillsQuery {
  readonly symbol: string | undefined;
  readonly fromNs: bigint | undefined;
  readonly toNs: bigint | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** One value of the parameter: a repeated parameter arrives as an array. */
const single = (what: string) =>
  z.string({
    error: (issue) => (Array.isArray(issue.input) ? 'given more than once' : `expected ${what}`),
  });

const time = (description: string) =>
  single('an ISO-8601 timestamp or integer nanoseconds')
    .transform((text, context) => {
      const ns = parseTime(text);
      if (ns === undefined)
        context.addIssue({
          code: 'custom',
          message: `expected an ISO-8601 timestamp or integer nanoseconds, got "${text}"`,
        });
      return ns ?? z.NEVER;
    })
    .optional()
    .describe(description);

const integer = (min: number, max: number, description: string) => {
  const message = (text: unknown) => `expected an integer from ${min} to ${max}, got "${String(text)}"`;
  return single(`an integer from ${min} to ${max}`)
    .regex(/^\d{1,16}$/, { error: (issue) => message(issue.input) })
    .transform((text, context) => {
      const value = Number(text);
      if (value < min || value > max) context.addIssue({ code: 'custom', message: message(text) });
      return value;
    })
    .optional()
    .describe(description);
};

export const fillsQuerySchema = z
  .strictObject({
    symbol: single('a symbol')
      .regex(SYMBOL_PATTERN, {
        error: (issue) =>
          `expected a symbol of 1-64 characters from A-Z a-z 0-9 . _ - / :, got "${String(issue.input)}"`,
      })
      .optional()
      .describe('Only this symbol’s fills (reads one partition).'),
    from: time('Earliest ts_event, inclusive: ISO-8601 (URL-encode + as %2B) or integer ns.'),
    to: time('Latest ts_event, inclusive: ISO-8601 or integer ns.'),
    limit: integer(1, MAX_LIMIT, `Fills per page, default ${DEFAULT_LIMIT}.`),
    offset: integer(0, Number.MAX_SAFE_INTEGER, 'Matching fills to skip, default 0.'),
  })
  .superRefine((query, context) => {
    if (query.from !== undefined && query.to !== undefined && query.from > query.to)
      context.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
  })
  .transform(
    (query): FillsQuery => ({
      symbol: query.symbol,
      fromNs: query.from,
      toNs: query.to,
      limit: query.limit ?? DEFAULT_LIMIT,
      offset: query.offset ?? 0,
    }),
  );

/** ISO-8601 (e.g. 2020-02-22T00:00:00.123Z) or integer nanoseconds since the epoch; undefined if neither. */
function parseTime(text: string): bigint | undefined {
  if (/^\d{1,19}$/.test(text)) return BigInt(text);
  try {
    return nsFromIso(text);
  } catch {
    return undefined;
  }
}
