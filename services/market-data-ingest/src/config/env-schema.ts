// market-data-ingest's own environment variables, each checked on its own; how they combine
// (a csv source needs a mapping, …) is checked by resolveSettings. The kit adds REDIS_URL,
// TICKFLOW_NAMESPACE, TICKFLOW_PARTITIONS, HTTP_PORT, LOG_LEVEL, SHUTDOWN_GRACE_MS, ….
import { z } from 'zod';
import { DEFAULT_MAX_LINE_BYTES, MAX_MAX_LINE_BYTES, MIN_MAX_LINE_BYTES } from '../input/limits.ts';

export const SOURCE_NAMES = [
  'synthetic',
  'tardis-quotes',
  'tardis-trades',
  'binance-trades',
  'binance-aggtrades',
  'binance-bookticker',
  'csv',
  'ndjson',
  'websocket',
] as const;

/** The value of INGEST_SOURCE. */
export type SourceName = (typeof SOURCE_NAMES)[number];

const integer = (min: number, max: number) => {
  const error = `expected an integer from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const positive = (max: number) => {
  const error = `expected a number greater than 0 and at most ${max}`;
  return z.coerce.number({ error }).positive({ error }).max(max, { error });
};

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

// Parsed here so a typo is reported as JSON; its shape depends on the source (see mapping-schema.ts).
const jsonText = z.string().transform((text, context): unknown => {
  try {
    return JSON.parse(text);
  } catch (error) {
    context.addIssue({ code: 'custom', message: `not valid JSON (${(error as Error).message})` });
    return z.NEVER;
  }
});

const symbols = z.string().transform((text, context) => {
  const list = text
    .split(',')
    .map((symbol) => symbol.trim())
    .filter((symbol) => symbol !== '');
  if (list.length === 0)
    context.addIssue({ code: 'custom', message: 'expected symbols separated by commas' });
  return list;
});

const SOURCE_ID_RULE = 'expected 1-200 printable ASCII characters without spaces or braces';

export const ingestEnvSchema = z.object({
  INGEST_SOURCE: z.enum(SOURCE_NAMES, { error: `expected one of ${SOURCE_NAMES.join(', ')}` }),
  INGEST_PATH: z.string().optional(),
  INGEST_MAPPING: jsonText.optional(),
  INGEST_URL: z
    .string()
    .regex(/^wss?:\/\/./, { error: 'expected a ws:// or wss:// URL' })
    .optional(),
  INGEST_WS_GREETING: z.string().optional(),
  INGEST_SYMBOLS: symbols.optional(),
  // binance-*: the symbol of every row (Binance's files have no symbol column).
  INGEST_SYMBOL: z.string().regex(/^\S+$/, { error: 'expected one symbol, e.g. BTCUSDT' }).optional(),
  INGEST_SEED: integer(0, 0xffff_ffff).optional(),
  INGEST_RATE: positive(1e9).optional(),
  INGEST_COUNT: integer(1, Number.MAX_SAFE_INTEGER).optional(),
  INGEST_PACING: z.enum(['fast', 'realtime'], { error: 'expected fast or realtime' }).default('fast'),
  INGEST_SPEED: positive(1e9).optional(),
  // The progress key's rule (see ingestKeys): it is part of a Redis key and of every event id.
  INGEST_SOURCE_ID: z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, { error: SOURCE_ID_RULE })
    .refine((id) => !/[{}]/.test(id), { error: SOURCE_ID_RULE })
    .optional(),
  INGEST_EXIT_WHEN_DONE: flag.optional(),
  INGEST_BATCH_SIZE: integer(1, 10_000).default(500),
  INGEST_DEDUPE_WINDOW_MS: integer(0, 7 * 24 * 3_600_000).default(3_600_000),
  // Longest file line or WebSocket message; a longer one is dead-lettered (see input/limits.ts).
  INGEST_MAX_LINE_BYTES: integer(MIN_MAX_LINE_BYTES, MAX_MAX_LINE_BYTES).default(DEFAULT_MAX_LINE_BYTES),
});

/** The variables as parsed, before they are checked together. */
export type IngestEnv = z.infer<typeof ingestEnvSchema>;
