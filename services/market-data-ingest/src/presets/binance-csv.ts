// Binance public data CSVs (data.binance.vision: trades, aggTrades, bookTicker) without a
// mapping. What differs between the files Binance has published over the years is handled
// per file or per value: a header row or none, ms or µs timestamps, a trailing
// is_best_match column or none.
import { basename } from 'node:path';
import { nsFromEpochText } from '../epoch-time.ts';
import { SourceConfigError } from '../errors.ts';
import { mappedRecord, type RecordReading } from '../mapped-record.ts';
import { type FileReadOptions, readLines, unreadableRecord } from '../read-lines.ts';
import { type SourceRecord, WHOLE_LINE } from '../source-record.ts';
import { BINANCE_LAYOUTS, type BinanceDataset, type BinanceLayout } from './binance-layouts.ts';

export interface BinanceCsvOptions extends FileReadOptions {
  readonly dataset: BinanceDataset;
  /** The symbol of every row (the files have no symbol column); default: from the file name. */
  readonly symbol?: string | undefined;
  /** Default `binance`. */
  readonly venue?: string;
}

/**
 * Streams a Binance public data CSV. The first line is a header when its first cell is not
 * a number. Times of 15 digits or more are µs (spot files since 2025), shorter ones ms:
 * 10^14 ms is the year 5138, 10^14 µs 1973, so the two never overlap for real data.
 * is_buyer_maker=true means the seller was the taker: aggressor `sell`.
 *
 * @throws SourceConfigError at once when no symbol is given and the file name has none.
 */
export function binanceCsv(path: string, options: BinanceCsvOptions): AsyncIterable<SourceRecord> {
  const symbol = options.symbol ?? binanceSymbolOf(path, options.dataset);
  if (symbol === undefined) {
    throw new SourceConfigError(
      `${basename(path)}: no symbol given, and the file name is not Binance's <SYMBOL>-${options.dataset}-<date>.csv`,
    );
  }
  return readBinance(path, BINANCE_LAYOUTS[options.dataset], symbol, options);
}

/** The symbol in a Binance file name, e.g. BTCUSDT in `BTCUSDT-aggTrades-2024-01-01.csv` (or `.zip`). */
export function binanceSymbolOf(path: string, dataset: BinanceDataset): string | undefined {
  const match = new RegExp(`^([A-Z0-9_]+)-${dataset}-\\d{4}-\\d{2}(?:-\\d{2})?\\.`).exec(basename(path));
  return match?.[1];
}

async function* readBinance(
  path: string,
  layout: BinanceLayout,
  symbol: string,
  options: BinanceCsvOptions,
): AsyncGenerator<SourceRecord> {
  const reading: RecordReading = {
    kind: layout.kind,
    eventTime: msOrUs,
    origin: (field) => {
      const key = field === 'aggressor_side' ? 'side' : field;
      const index = layout.columns[key];
      return index === undefined ? undefined : `column ${index} "${layout.names[index]}"`;
    },
  };
  const fixed = { symbol, venue: options.venue ?? 'binance' };
  let first = true;
  for await (const input of readLines(path, options)) {
    if (input.rejected !== undefined) {
      yield unreadableRecord(input);
      continue;
    }
    const { line, text } = input;
    if (text.trim() === '') continue;
    const cells = text.split(',');
    if (first) {
      first = false;
      // Binance's header rows name the columns; data rows start with a numeric id.
      if (!/^\d+$/.test(cells[0]?.trim() ?? '')) continue;
    }
    if (!layout.widths.includes(cells.length)) {
      const reason = `expected ${layout.widths.join(' or ')} columns (${layout.names.join(',')}), got ${cells.length}`;
      yield { ok: false, line, field: WHOLE_LINE, reason, raw: text };
      continue;
    }
    const values: Record<string, unknown> = { ...fixed };
    for (const [key, index] of Object.entries(layout.columns)) values[key] = cells[index];
    if (values.side !== undefined) values.side = aggressorOf(String(values.side));
    yield mappedRecord(line, text, values, reading);
  }
}

// The buyer was the maker: the seller crossed the spread.
function aggressorOf(isBuyerMaker: string): string {
  const value = isBuyerMaker.trim().toLowerCase();
  if (value === 'true') return 'sell';
  if (value === 'false') return 'buy';
  // Anything else goes through as written, so the schema's message shows it.
  return isBuyerMaker;
}

/** Epoch ms, or µs from 15 digits on (see binanceCsv). */
function msOrUs(text: string): bigint {
  return nsFromEpochText(text, text.length >= 15 ? 'us' : 'ms');
}
