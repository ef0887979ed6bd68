// Turns the values a mapping picked out of one input record (CSV cells, JSON fields) into
// a MarketData candidate and validates it. Shared by every mapped source, so a column
// mapping and a JSON field mapping read values the same way.
import type { FieldIssue } from '@tickflow/events';
import { SourceConfigError } from './errors.ts';
import { readTime } from './read-time.ts';
import type { SourceRecord } from './source-record.ts';
import type { TimestampParser } from './timestamp-format.ts';
import { finishRecord } from './validate.ts';

/** What a mapped source reads: top-of-book quotes or trade prints. */
export type RecordKind = 'quotes' | 'trades';

/** Mapping keys of a quote: where each payload field comes from. */
export type QuoteKey = 'symbol' | 'venue' | 'bid_price' | 'bid_size' | 'ask_price' | 'ask_size';

/**
 * Quote sizes are mapped both or neither: one alone is most likely a typo, and a quote with
 * one size is not valid MarketData. Throws SourceConfigError naming the missing one.
 */
export function checkSizesTogether(
  what: string,
  unit: string,
  keys: { readonly bid_size?: unknown; readonly ask_size?: unknown },
): void {
  const bid = keys.bid_size !== undefined;
  if (bid === (keys.ask_size !== undefined)) return;
  const [given, missing] = bid ? ['bid_size', 'ask_size'] : ['ask_size', 'bid_size'];
  throw new SourceConfigError(
    `${what} maps ${given} but not ${missing}: map a ${unit} to each size, or leave both out for quotes without sizes`,
  );
}

/** Mapping keys of a trade; `side` feeds `aggressor_side`. */
export type TradeKey = 'symbol' | 'venue' | 'price' | 'size' | 'side' | 'trade_id';

/** The payload or envelope field a mapping key fills, used to name a rejected field. */
export function fieldOfKey(key: string): string {
  return key === 'side' ? 'aggressor_side' : key;
}

/** How to read one mapped record: its kind and how to parse its times. */
export interface RecordReading {
  readonly kind: RecordKind;
  readonly eventTime: TimestampParser;
  /** Present when the input says when it was received (ts_init). */
  readonly receivedTime?: TimestampParser | undefined;
  /** Where a field came from, e.g. `column "ask_amount"`; appended to reasons. */
  readonly origin?: ((field: string) => string | undefined) | undefined;
}

/** One mapped record: values by mapping key, plus `ts_event` / `ts_init` texts. */
export type MappedValues = Readonly<Record<string, unknown>>;

/** Validates one mapped record into a SourceRecord. */
export function mappedRecord(
  line: number,
  raw: string,
  values: MappedValues,
  reading: RecordReading,
): SourceRecord {
  const issues: FieldIssue[] = [];
  const ts_event = readTime(issues, 'ts_event', values.ts_event, reading.eventTime);
  const ts_init =
    reading.receivedTime === undefined
      ? undefined
      : readTime(issues, 'ts_init', values.ts_init, reading.receivedTime);
  const data = reading.kind === 'quotes' ? quoteOf(values) : tradeOf(values);
  return finishRecord({ line, raw, data, ts_event, ts_init, issues, origin: reading.origin });
}

function quoteOf(values: MappedValues): unknown {
  // A mapping without sizes (both left out: the plans refuse one alone) gives no size keys
  // at all: an unsized quote (MarketData v3). A mapped size missing from one record is still
  // a missing field, never a silently unsized quote: the key is there, its value undefined.
  if (!Object.hasOwn(values, 'bid_size') && !Object.hasOwn(values, 'ask_size')) {
    return {
      kind: 'quote',
      symbol: trimmed(values.symbol),
      venue: trimmed(values.venue),
      bid_price: trimmed(values.bid_price),
      ask_price: trimmed(values.ask_price),
    };
  }
  return {
    kind: 'quote',
    symbol: trimmed(values.symbol),
    venue: trimmed(values.venue),
    bid_price: trimmed(values.bid_price),
    bid_size: trimmed(values.bid_size),
    ask_price: trimmed(values.ask_price),
    ask_size: trimmed(values.ask_size),
  };
}

function tradeOf(values: MappedValues): unknown {
  const tradeId = trimmed(values.trade_id);
  return {
    kind: 'trade',
    symbol: trimmed(values.symbol),
    venue: trimmed(values.venue),
    price: trimmed(values.price),
    size: trimmed(values.size),
    aggressor_side: sideOf(trimmed(values.side)),
    // trade_id is optional: an empty cell means the venue gave none.
    ...(tradeId === undefined || tradeId === '' ? {} : { trade_id: tradeId }),
  };
}

// Venues spell sides differently (buy, BUY, B); no side at all means "unknown". Anything
// else goes through as written, so the schema's message shows the input.
function sideOf(value: unknown): unknown {
  if (value === undefined || value === '') return 'unknown';
  if (typeof value !== 'string') return value;
  const side = value.toLowerCase();
  if (side === 'buy' || side === 'b') return 'buy';
  if (side === 'sell' || side === 's') return 'sell';
  return side === 'unknown' ? 'unknown' : value;
}

function trimmed(value: unknown): unknown {
  return typeof value === 'string' ? value.trim() : value;
}
