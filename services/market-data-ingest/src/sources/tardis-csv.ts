// Tardis.dev's downloadable CSV datasets (see data/README.md): a preset of the generic CSV
// reader. Columns are found by header name, so a reordered file still reads right, and a
// trades file passed as quotes fails at its header instead of yielding nonsense.
import type { GenericCsvMapping } from '../csv/csv-mapping.ts';
import type { FileReadOptions } from '../read-lines.ts';
import type { SourceRecord } from '../source-record.ts';
import { genericCsv } from './generic-csv.ts';

/** Which Tardis dataset a file holds. */
export interface TardisCsvOptions extends FileReadOptions {
  readonly kind: 'quotes' | 'trades';
}

// timestamp is the exchange's time (ts_event), local_timestamp the recorder's (ts_init),
// both integer µs. exchange names the venue (e.g. binance-futures).
const TARDIS: { readonly [K in TardisCsvOptions['kind']]: GenericCsvMapping } = {
  quotes: {
    kind: 'quotes',
    timestamp: { column: 'timestamp', format: 'epoch-us' },
    receivedTimestamp: { column: 'local_timestamp', format: 'epoch-us' },
    columns: {
      symbol: 'symbol',
      venue: 'exchange',
      bid_price: 'bid_price',
      bid_size: 'bid_amount',
      ask_price: 'ask_price',
      ask_size: 'ask_amount',
    },
  },
  trades: {
    kind: 'trades',
    timestamp: { column: 'timestamp', format: 'epoch-us' },
    receivedTimestamp: { column: 'local_timestamp', format: 'epoch-us' },
    columns: {
      symbol: 'symbol',
      venue: 'exchange',
      price: 'price',
      size: 'amount',
      side: 'side',
      trade_id: 'id',
    },
  },
};

/**
 * Streams a Tardis.dev CSV file of quotes (exchange, symbol, timestamp, local_timestamp,
 * ask_amount, ask_price, bid_price, bid_amount) or trades (exchange, symbol, timestamp,
 * local_timestamp, id, side, price, amount). Times are µs in the file, ns in the records.
 *
 * @throws SourceConfigError on the first read when the header lacks a column of that kind.
 */
export function tardisCsv(path: string, options: TardisCsvOptions): AsyncIterable<SourceRecord> {
  return genericCsv(path, TARDIS[options.kind], options);
}
