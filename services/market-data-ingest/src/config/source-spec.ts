// What to read, resolved from the environment: one spec per source, and the variables each
// source reads, so a variable meant for another source is reported instead of ignored.
import type { GenericCsvMapping } from '../csv/csv-mapping.ts';
import type { NdjsonMapping } from '../json/ndjson-mapping.ts';
import type { BinanceDataset } from '../presets/binance-layouts.ts';
import type { SyntheticFeedOptions } from '../sources/synthetic-feed.ts';
import type { IngestEnv, SourceName } from './env-schema.ts';

export type SourceSpec =
  | { readonly kind: 'synthetic'; readonly options: SyntheticFeedOptions }
  | { readonly kind: 'tardis'; readonly path: string; readonly dataset: 'quotes' | 'trades' }
  | {
      readonly kind: 'binance';
      readonly path: string;
      readonly dataset: BinanceDataset;
      /** Given, or from the file name (`BTCUSDT-trades-2024-01-01.csv`). */
      readonly symbol: string;
    }
  | { readonly kind: 'csv'; readonly path: string; readonly mapping: GenericCsvMapping }
  | { readonly kind: 'ndjson'; readonly path: string; readonly mapping: NdjsonMapping | undefined }
  | {
      readonly kind: 'websocket';
      readonly url: string;
      readonly mapping: NdjsonMapping | undefined;
      /** Sent on every (re)connection, `{received}` replaced by the messages received so far. */
      readonly greeting: string | undefined;
    };

/** The file a spec reads, if it reads one. */
export function fileOf(spec: SourceSpec): string | undefined {
  return spec.kind === 'synthetic' || spec.kind === 'websocket' ? undefined : spec.path;
}

/** Whether the source ends by itself: a file, or a synthetic feed with a count. */
export function endsByItself(spec: SourceSpec): boolean {
  if (spec.kind === 'websocket') return false;
  return spec.kind !== 'synthetic' || spec.options.count !== undefined;
}

/** Variables only some sources read, in the order they are reported. */
const SOURCE_VARIABLE_NAMES = [
  'INGEST_PATH',
  'INGEST_MAPPING',
  'INGEST_URL',
  'INGEST_WS_GREETING',
  'INGEST_SYMBOLS',
  'INGEST_SYMBOL',
  'INGEST_SEED',
  'INGEST_RATE',
  'INGEST_COUNT',
] as const;

type SourceVariable = (typeof SOURCE_VARIABLE_NAMES)[number];

/** The source-specific variables each source reads. */
export const SOURCE_VARIABLES: Readonly<Record<SourceName, readonly SourceVariable[]>> = {
  synthetic: ['INGEST_SYMBOLS', 'INGEST_SEED', 'INGEST_RATE', 'INGEST_COUNT'],
  'tardis-quotes': ['INGEST_PATH'],
  'tardis-trades': ['INGEST_PATH'],
  'binance-trades': ['INGEST_PATH', 'INGEST_SYMBOL'],
  'binance-aggtrades': ['INGEST_PATH', 'INGEST_SYMBOL'],
  'binance-bookticker': ['INGEST_PATH', 'INGEST_SYMBOL'],
  csv: ['INGEST_PATH', 'INGEST_MAPPING'],
  ndjson: ['INGEST_PATH', 'INGEST_MAPPING'],
  websocket: ['INGEST_URL', 'INGEST_MAPPING', 'INGEST_WS_GREETING'],
};

/** Variables set for a source that does not read them, each with the sources that do. */
export function strayVariables(env: IngestEnv): { variable: SourceVariable; readBy: SourceName[] }[] {
  const reads = SOURCE_VARIABLES[env.INGEST_SOURCE];
  return SOURCE_VARIABLE_NAMES.filter(
    (variable) => env[variable] !== undefined && !reads.includes(variable),
  ).map((variable) => ({
    variable,
    readBy: (Object.keys(SOURCE_VARIABLES) as SourceName[]).filter((name) =>
      SOURCE_VARIABLES[name].includes(variable),
    ),
  }));
}
