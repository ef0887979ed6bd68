// The column layouts of Binance's public data CSVs (data.binance.vision), by position: the
// files' header rows changed over time (older files have none, newer ones name the columns),
// so positions are what every file agrees on.
//
// Checked against Binance's own description, binance/binance-public-data README.md ("Data
// Information"): spot trades `trade Id | price | qty | quoteQty | time | isBuyerMaker |
// isBestMatch`, futures trades the same without isBestMatch (COIN-M has baseQty in place of
// quoteQty); aggTrades `Aggregate tradeId | Price | Quantity | First tradeId | Last tradeId |
// Timestamp | Was the buyer the maker | Was the trade the best price match` (spot; futures
// without the last). Its note: "The timestamp for SPOT Data from January 1st 2025 onwards
// will be in microseconds" — before that, and for futures, milliseconds. bookTicker (USD-M
// and COIN-M futures only) is not in that README; its header row, as the files write it, is
// `update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time`
// (milliseconds), the layout /fapi/v1/ticker/bookTicker and the bookTicker stream describe.
import type { RecordKind } from '../mapped-record.ts';

/** A Binance public data set this preset reads. */
export type BinanceDataset = 'trades' | 'aggTrades' | 'bookTicker';

export interface BinanceLayout {
  readonly kind: RecordKind;
  /** Column counts a row may have (spot files carry one more column than futures files). */
  readonly widths: readonly number[];
  /** Column names, for reasons and the README; index = position. */
  readonly names: readonly string[];
  /** Mapping key → column position; `ts_event` is the exchange's time, `side` is is_buyer_maker. */
  readonly columns: Readonly<Record<string, number>>;
}

export const BINANCE_LAYOUTS: Readonly<Record<BinanceDataset, BinanceLayout>> = {
  trades: {
    kind: 'trades',
    widths: [6, 7],
    names: ['id', 'price', 'qty', 'quote_qty', 'time', 'is_buyer_maker', 'is_best_match'],
    columns: { trade_id: 0, price: 1, size: 2, ts_event: 4, side: 5 },
  },
  aggTrades: {
    kind: 'trades',
    widths: [7, 8],
    names: [
      'agg_trade_id',
      'price',
      'quantity',
      'first_trade_id',
      'last_trade_id',
      'transact_time',
      'is_buyer_maker',
      'is_best_match',
    ],
    columns: { trade_id: 0, price: 1, size: 2, ts_event: 5, side: 6 },
  },
  bookTicker: {
    kind: 'quotes',
    widths: [7],
    names: [
      'update_id',
      'best_bid_price',
      'best_bid_qty',
      'best_ask_price',
      'best_ask_qty',
      'transaction_time',
      'event_time',
    ],
    // transaction_time is when the book changed (ts_event); event_time is when Binance sent
    // the update, not when anyone received it, so it is not ts_init.
    columns: { bid_price: 1, bid_size: 2, ask_price: 3, ask_size: 4, ts_event: 5 },
  },
};
