// The recorder's state for one partition, and views over the whole book: one ledger
// (positions by symbol, from the trading package) per strategy, the mark per symbol and a
// count of applied fills. Plain JSON, a pure fold over fills, so the state rebuilt from the
// fill stream is the live state.
//
// Why per strategy: each strategy's fills reach a partition in an order fixed by that
// strategy alone, but how two strategies' fills interleave depends on timing. Average-cost
// accounting depends on fill order, so one ledger over both would split realized and
// unrealized PnL differently from run to run. Per strategy, every figure — and every sum of
// them — is the same whatever the interleaving. For the same reason the mark is the price of
// the latest fill by event time (ties: the greater execution id), not the last one appended.
import type { Fill } from '@tickflow/events';
import { applyFill, type Ledger, type Position } from '@tickflow/trading';

/** The ledger key of fills without a strategy_id (never a valid strategy id). */
export const UNATTRIBUTED = '';

export interface Mark {
  readonly price: string;
  /** Event time of the fill, ns since the epoch (decimal string: JSON-safe). */
  readonly ts_event: string;
  readonly execution_id: string;
}

export interface Book {
  /** Positions by symbol, per strategy id (UNATTRIBUTED for fills without one). */
  readonly strategies: Readonly<Record<string, Ledger>>;
  /** The mark per symbol: the latest fill by event time. */
  readonly marks: Readonly<Record<string, Mark>>;
  /** Fills applied (each execution id once). */
  readonly fills: number;
}

export const EMPTY_BOOK: Book = { strategies: {}, marks: {}, fills: 0 };

/** The later of two marks by (event time, execution id); order-independent. */
export function laterMark(current: Mark | undefined, next: Mark): Mark {
  if (current === undefined) return next;
  const [a, b] = [BigInt(current.ts_event), BigInt(next.ts_event)];
  if (a !== b) return b > a ? next : current;
  return next.execution_id > current.execution_id ? next : current;
}

export const markOf = (fill: Fill, tsEvent: bigint): Mark => ({
  price: fill.price,
  ts_event: tsEvent.toString(),
  execution_id: fill.execution_id,
});

/** The book after one fill (a new object). */
export function applyToBook(book: Book, fill: Fill, tsEvent: bigint): Book {
  const strategy = fill.strategy_id ?? UNATTRIBUTED;
  const ledger = book.strategies[strategy] ?? {};
  return {
    strategies: {
      ...book.strategies,
      [strategy]: { ...ledger, [fill.symbol]: applyFill(ledger[fill.symbol], fill) },
    },
    marks: { ...book.marks, [fill.symbol]: laterMark(book.marks[fill.symbol], markOf(fill, tsEvent)) },
    fills: book.fills + 1,
  };
}

/** One book from the partitions' books (a symbol lives in one partition: key = symbol), keys sorted. */
export function mergeBooks(books: Iterable<Book>): Book {
  const strategies: Record<string, Record<string, Position>> = {};
  const marks: Record<string, Mark> = {};
  let fills = 0;
  for (const book of books) {
    for (const [strategy, ledger] of Object.entries(book.strategies))
      strategies[strategy] = { ...strategies[strategy], ...ledger };
    Object.assign(marks, book.marks);
    fills += book.fills;
  }
  const sortedStrategies = Object.fromEntries(
    Object.entries(strategies).map(([strategy, ledger]) => [strategy, sortKeys(ledger)]),
  );
  return { strategies: sortKeys(sortedStrategies), marks: sortKeys(marks), fills };
}

export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
