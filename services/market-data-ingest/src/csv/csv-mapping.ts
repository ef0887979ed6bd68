// Which column of a CSV file holds which field, as a caller writes it, and its check.
import { SourceConfigError } from '../errors.ts';
import { checkSizesTogether, type QuoteKey, type RecordKind, type TradeKey } from '../mapped-record.ts';
import { type TimestampFormat, type TimestampParser, timestampParser } from '../timestamp-format.ts';

/** A column by header name, or by 0-based index. */
export type ColumnRef = string | number;

/** A timestamp column and how its values are written. */
export interface TimestampColumn {
  readonly column: ColumnRef;
  readonly format: TimestampFormat;
  /** IANA zone (e.g. "America/New_York") of times written without an offset; see timestampParser. */
  readonly timezone?: string;
}

interface CsvMappingBase {
  /** One character between cells. Default `,`. */
  readonly delimiter?: string;
  /** Whether the first line names the columns. Default true; without it columns are indices. */
  readonly header?: boolean;
  /** When it happened (ts_event). */
  readonly timestamp: TimestampColumn;
  /** When the recorder received it (ts_init); optional. */
  readonly receivedTimestamp?: TimestampColumn;
  /** The symbol of every row, for a file without a symbol column. */
  readonly symbol?: string;
  /** The venue of every row, for a file without a venue column. */
  readonly venue?: string;
}

/**
 * A quotes file: which columns hold the symbol, venue, bid and ask. The sizes may be left
 * out, both together (FX files are often `timestamp,bid,ask`): the quotes then have none.
 */
export interface QuoteCsvMapping extends CsvMappingBase {
  readonly kind: 'quotes';
  readonly columns: {
    readonly symbol?: ColumnRef;
    readonly venue?: ColumnRef;
    readonly bid_price: ColumnRef;
    readonly bid_size?: ColumnRef;
    readonly ask_price: ColumnRef;
    readonly ask_size?: ColumnRef;
  };
}

/** A trades file: which columns hold the symbol, venue, price, size, and optionally side and trade id. */
export interface TradeCsvMapping extends CsvMappingBase {
  readonly kind: 'trades';
  readonly columns: {
    readonly symbol?: ColumnRef;
    readonly venue?: ColumnRef;
    readonly price: ColumnRef;
    readonly size: ColumnRef;
    /** buy/sell (any case, or B/S); without it every trade's aggressor_side is "unknown". */
    readonly side?: ColumnRef;
    readonly trade_id?: ColumnRef;
  };
}

export type GenericCsvMapping = QuoteCsvMapping | TradeCsvMapping;

/** A mapping checked and compiled: every mapped column with the key it fills. */
export interface CsvPlan {
  readonly kind: RecordKind;
  readonly delimiter: string;
  readonly header: boolean;
  /** Mapping key (`bid_price`, `side`, `ts_event`, …) → its column. */
  readonly columns: ReadonlyMap<string, ColumnRef>;
  readonly fixed: Readonly<Record<string, string>>;
  readonly eventTime: TimestampParser;
  readonly receivedTime: TimestampParser | undefined;
}

/** Checks a mapping before any line is read. Throws SourceConfigError naming what is wrong. */
export function planCsv(mapping: GenericCsvMapping): CsvPlan {
  const delimiter = mapping.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new SourceConfigError(
      `CSV delimiter must be one character other than a quote or newline, got ${JSON.stringify(delimiter)}`,
    );
  }
  const header = mapping.header ?? true;
  if (mapping.kind === 'quotes') checkSizesTogether('CSV mapping', 'column', mapping.columns);
  const columns = new Map<string, ColumnRef>();
  const payloadColumns: Readonly<Partial<Record<QuoteKey | TradeKey, ColumnRef>>> = mapping.columns;
  for (const [key, column] of Object.entries(payloadColumns)) {
    if (column !== undefined) columns.set(key, checkedColumn(key, column, header));
  }
  columns.set('ts_event', checkedColumn('timestamp', mapping.timestamp.column, header));
  if (mapping.receivedTimestamp !== undefined) {
    columns.set('ts_init', checkedColumn('receivedTimestamp', mapping.receivedTimestamp.column, header));
  }
  const fixed: Record<string, string> = {};
  for (const key of ['symbol', 'venue'] as const) {
    const value = mapping[key];
    if (value !== undefined && columns.has(key)) {
      throw new SourceConfigError(`CSV mapping gives both a fixed ${key} and a ${key} column: choose one`);
    }
    if (value === undefined && !columns.has(key)) {
      throw new SourceConfigError(
        `CSV mapping needs a ${key}: a ${key} column, or a fixed ${key} for the whole file`,
      );
    }
    if (value !== undefined) fixed[key] = value;
  }
  return {
    kind: mapping.kind,
    delimiter,
    header,
    columns,
    fixed,
    eventTime: timestampParser(mapping.timestamp.format, mapping.timestamp.timezone),
    receivedTime:
      mapping.receivedTimestamp === undefined
        ? undefined
        : timestampParser(mapping.receivedTimestamp.format, mapping.receivedTimestamp.timezone),
  };
}

function checkedColumn(key: string, column: ColumnRef, header: boolean): ColumnRef {
  if (typeof column === 'number' && (!Number.isSafeInteger(column) || column < 0)) {
    throw new SourceConfigError(
      `CSV column of ${key} must be a 0-based index or a header name, got ${column}`,
    );
  }
  if (typeof column === 'string' && !header) {
    throw new SourceConfigError(
      `CSV column of ${key} is named "${column}", but the file has no header: use an index`,
    );
  }
  return column;
}
