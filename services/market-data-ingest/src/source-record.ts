// What every source yields: one record per input line or message, either a valid
// MarketData payload with its times or the reason it was rejected. A bad record never
// ends a source: it comes out as a RejectedRecord and reading goes on.
import type { MarketData } from '@tickflow/events';

/**
 * Where a record sits in a message that carries several (an NDJSON/WebSocket mapping's
 * `records` array): its event id derives from (message, index), and the message counts as
 * done — checkpointed — only with its last element.
 */
export interface RecordElement {
  /** 0-based position in the message's array. */
  readonly index: number;
  /** Whether it is the message's last element. */
  readonly last: boolean;
}

/** A record that passed the events package's MarketData schema. */
export interface AcceptedRecord {
  readonly ok: true;
  /** 1-based line number in the file, or message number for WebSocket and synthetic feeds. */
  readonly line: number;
  readonly data: MarketData;
  /** When it happened, in ns since the Unix epoch. */
  readonly ts_event: bigint;
  /** When the source saw it, in ns since the Unix epoch, where the input says. */
  readonly ts_init?: bigint;
  /** Set when the message carries several records (see RecordElement). */
  readonly element?: RecordElement;
}

/** A record the source could not turn into MarketData: which field, why, and the raw input. */
export interface RejectedRecord {
  readonly ok: false;
  /** 1-based line number in the file, or message number for WebSocket and synthetic feeds. */
  readonly line: number;
  /** The payload field (`bid_price`, `ts_event`, …), or `(line)` / `(message)` for the whole input. */
  readonly field: string;
  /** What was wrong, e.g. `expected an exact decimal string like "123.45", got "abc" (column "bid_price")`. */
  readonly reason: string;
  /** The input line or message, as read. */
  readonly raw: string;
  /** Set when the message carries several records (see RecordElement). */
  readonly element?: RecordElement;
}

export type SourceRecord = AcceptedRecord | RejectedRecord;

/** The field of a RejectedRecord that concerns a whole line (unparseable, wrong column count). */
export const WHOLE_LINE = '(line)';

/** The field of a RejectedRecord that concerns a whole WebSocket message. */
export const WHOLE_MESSAGE = '(message)';
