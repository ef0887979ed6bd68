// Request shapes shared by the routes. A selection's fields stay raw strings here: the
// replay library parses them (one parser for the API and the CLI) and says what is wrong
// with which parameter.
import { z } from 'zod';

const list = z
  .union([z.string(), z.array(z.union([z.string(), z.number()]))])
  .optional()
  .describe('a comma-separated list, or an array');

export const selectionSchema = z.object({
  from: z
    .string()
    .optional()
    .describe('start, inclusive: ISO-8601, epoch ms (≤ 13 digits), epoch ns (19 digits), or <n>ms / <n>ns'),
  to: z.string().optional().describe('end, inclusive, as from'),
  time: z
    .enum(['append', 'event'])
    .optional()
    .describe('what from/to bound: append time (default) or event time'),
  fromId: z.string().optional().describe('first stream entry id, inclusive'),
  toId: z.string().optional().describe('last stream entry id, inclusive'),
  types: list.describe('event types: market_data, signal, order, fill (or md, sig, ord, fill)'),
  partitions: list.describe('partition numbers or ranges like 0-3'),
  symbols: list.describe('only these symbols'),
  filter: z
    .string()
    .max(4_096)
    .optional()
    .describe('a CEL expression over the event, e.g. data.kind == "quote"'),
});

/** The selection as a query string gives it (every value a string). */
export const selectionQuery = z.strictObject({
  from: z.string().optional(),
  to: z.string().optional(),
  time: z.enum(['append', 'event']).optional(),
  fromId: z.string().optional(),
  toId: z.string().optional(),
  types: z.string().optional(),
  partitions: z.string().optional(),
  symbols: z.string().optional(),
  filter: z.string().max(4_096).optional(),
});

/** JSON of what the library returns (events carry bigints): bigints as decimal strings. */
export function toJson<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
