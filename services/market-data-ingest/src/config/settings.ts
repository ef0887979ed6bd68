// The environment resolved into what the service does: which source, paced how, under which
// source id, stopping when. Every problem, including variables that contradict each other,
// is reported at once as one ConfigError, before anything connects or reads.
import { ConfigError, type ConfigIssue } from '@tickflow/service';
import type { z } from 'zod';
import { planCsv } from '../csv/csv-mapping.ts';
import { SourceConfigError } from '../errors.ts';
import { planNdjson } from '../json/ndjson-mapping.ts';
import { binanceSymbolOf } from '../presets/binance-csv.ts';
import type { BinanceDataset } from '../presets/binance-layouts.ts';
import { syntheticFeed } from '../sources/synthetic-feed.ts';
import type { IngestEnv } from './env-schema.ts';
import { csvMappingSchema, ndjsonMappingSchema } from './mapping-schema.ts';
import { endsByItself, type SourceSpec, strayVariables } from './source-spec.ts';

export const SERVICE_NAME = 'market-data-ingest';

/** Fast: as fast as Redis takes it. Realtime: the input's own spacing (ts_event) divided by `speed`. */
export type Pacing = { readonly mode: 'fast' } | { readonly mode: 'realtime'; readonly speed: number };

export interface IngestSettings {
  readonly source: SourceSpec;
  /** INGEST_SOURCE as given, for metric labels and logs. */
  readonly sourceName: IngestEnv['INGEST_SOURCE'];
  /** Given by INGEST_SOURCE_ID; undefined derives one from the input (see source-id.ts). */
  readonly sourceId: string | undefined;
  readonly pacing: Pacing;
  /** Stop the service (exit 0) once the source ends. */
  readonly exitWhenDone: boolean;
  readonly batchSize: number;
  readonly dedupeWindowMs: number;
  /** Longest file line or WebSocket message, in bytes; a longer one is dead-lettered. */
  readonly maxLineBytes: number;
}

type Report = (variable: string, message: string) => void;

/** Resolves parsed variables into settings. Throws ConfigError listing every problem. */
export function resolveSettings(env: IngestEnv): IngestSettings {
  const issues: ConfigIssue[] = [];
  const report: Report = (variable, message) => issues.push({ variable, message });
  for (const { variable, readBy } of strayVariables(env)) {
    report(variable, `not read by INGEST_SOURCE=${env.INGEST_SOURCE} (only by ${readBy.join(', ')})`);
  }
  const source = sourceSpec(env, report);
  const pacing = pacingOf(env, report);
  const finite = source !== undefined && endsByItself(source);
  if (env.INGEST_EXIT_WHEN_DONE === true && source !== undefined && !finite) {
    report('INGEST_EXIT_WHEN_DONE', `INGEST_SOURCE=${env.INGEST_SOURCE} never ends without INGEST_COUNT`);
  }
  if (source === undefined || issues.length > 0) throw new ConfigError(SERVICE_NAME, issues);
  return {
    source,
    sourceName: env.INGEST_SOURCE,
    sourceId: env.INGEST_SOURCE_ID,
    pacing,
    exitWhenDone: env.INGEST_EXIT_WHEN_DONE ?? finite,
    batchSize: env.INGEST_BATCH_SIZE,
    dedupeWindowMs: env.INGEST_DEDUPE_WINDOW_MS,
    maxLineBytes: env.INGEST_MAX_LINE_BYTES,
  };
}

function sourceSpec(env: IngestEnv, report: Report): SourceSpec | undefined {
  const name = env.INGEST_SOURCE;
  if (name === 'synthetic') return syntheticSpec(env, report);
  if (name === 'websocket') {
    if (env.INGEST_URL === undefined)
      report('INGEST_URL', 'missing: INGEST_SOURCE=websocket reads a ws:// URL');
    const mapping = env.INGEST_MAPPING === undefined ? undefined : ndjsonMapping(env.INGEST_MAPPING, report);
    if (env.INGEST_URL === undefined || mapping === null) return undefined;
    return { kind: 'websocket', url: env.INGEST_URL, mapping, greeting: env.INGEST_WS_GREETING };
  }
  const path = env.INGEST_PATH;
  if (path === undefined) report('INGEST_PATH', `missing: INGEST_SOURCE=${name} reads a file`);
  if (name === 'csv') {
    if (env.INGEST_MAPPING === undefined) {
      report('INGEST_MAPPING', 'missing: INGEST_SOURCE=csv needs a column mapping (JSON; see README)');
      return undefined;
    }
    const mapping = csvMapping(env.INGEST_MAPPING, report);
    return path === undefined || mapping === null ? undefined : { kind: 'csv', path, mapping };
  }
  if (name === 'ndjson') {
    const mapping = env.INGEST_MAPPING === undefined ? undefined : ndjsonMapping(env.INGEST_MAPPING, report);
    return path === undefined || mapping === null ? undefined : { kind: 'ndjson', path, mapping };
  }
  const binance = BINANCE_SOURCES[name as keyof typeof BINANCE_SOURCES];
  if (binance !== undefined) return binanceSpec(env, path, binance, report);
  const dataset = name === 'tardis-quotes' ? 'quotes' : 'trades';
  return path === undefined ? undefined : { kind: 'tardis', path, dataset };
}

const BINANCE_SOURCES = {
  'binance-trades': 'trades',
  'binance-aggtrades': 'aggTrades',
  'binance-bookticker': 'bookTicker',
} as const satisfies Record<string, BinanceDataset>;

// The symbol: INGEST_SYMBOL, or the one Binance writes into its file names.
function binanceSpec(
  env: IngestEnv,
  path: string | undefined,
  dataset: BinanceDataset,
  report: Report,
): SourceSpec | undefined {
  const symbol = env.INGEST_SYMBOL ?? (path === undefined ? undefined : binanceSymbolOf(path, dataset));
  if (symbol === undefined && path !== undefined) {
    report(
      'INGEST_SYMBOL',
      `missing: ${path} is not named like Binance's <SYMBOL>-${dataset}-<date>.csv; give the symbol`,
    );
  }
  return path === undefined || symbol === undefined ? undefined : { kind: 'binance', path, dataset, symbol };
}

// Fixed parameters of the synthetic feed: a demo needs symbols, a seed and a rate, not a model.
const SYNTHETIC_DEFAULTS = {
  symbols: ['BTCUSDT', 'ETHUSDT'],
  seed: 1,
  ratePerSecond: 1000,
  spreadBps: 2,
  startPrice: 100,
  volatility: 0.8,
  // Event time starts on a fixed day (the Tardis sample's), never the clock: same seed, same events.
  startTimeNs: 1_582_329_600_000_000_000n,
} as const;

function syntheticSpec(env: IngestEnv, report: Report): SourceSpec | undefined {
  const options = {
    ...SYNTHETIC_DEFAULTS,
    symbols: env.INGEST_SYMBOLS ?? SYNTHETIC_DEFAULTS.symbols,
    seed: env.INGEST_SEED ?? SYNTHETIC_DEFAULTS.seed,
    ratePerSecond: env.INGEST_RATE ?? SYNTHETIC_DEFAULTS.ratePerSecond,
    ...(env.INGEST_COUNT === undefined ? {} : { count: env.INGEST_COUNT }),
  };
  return compiles('INGEST_SYMBOLS', report, () => syntheticFeed(options))
    ? { kind: 'synthetic', options }
    : undefined;
}

function pacingOf(env: IngestEnv, report: Report): Pacing {
  if (env.INGEST_PACING === 'fast') {
    if (env.INGEST_SPEED !== undefined) report('INGEST_SPEED', 'only read with INGEST_PACING=realtime');
    return { mode: 'fast' };
  }
  if (env.INGEST_SOURCE === 'websocket') {
    report(
      'INGEST_PACING',
      'a WebSocket feed arrives in real time already: leave INGEST_PACING unset (fast)',
    );
  }
  return { mode: 'realtime', speed: env.INGEST_SPEED ?? 1 };
}

// null marks a mapping that was given but is wrong (already reported).
function csvMapping(json: unknown, report: Report) {
  const mapping = shaped(csvMappingSchema, json, report);
  return mapping !== null && compiles('INGEST_MAPPING', report, () => planCsv(mapping)) ? mapping : null;
}

function ndjsonMapping(json: unknown, report: Report) {
  const mapping = shaped(ndjsonMappingSchema, json, report);
  return mapping !== null && compiles('INGEST_MAPPING', report, () => planNdjson(mapping)) ? mapping : null;
}

function shaped<T>(schema: z.ZodType<T>, json: unknown, report: Report): T | null {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const at = issue.path.length === 0 ? '' : `at ${issue.path.map(String).join('.')}: `;
    report('INGEST_MAPPING', `${at}${issue.message}`);
  }
  return null;
}

// The sources check their options when built (a bad timestamp pattern, a symbol the schema
// refuses): build once here so that is a config error, not a failure after connecting.
function compiles(variable: string, report: Report, build: () => unknown): boolean {
  try {
    build();
    return true;
  } catch (error) {
    if (!(error instanceof SourceConfigError)) throw error;
    report(variable, error.message);
    return false;
  }
}
