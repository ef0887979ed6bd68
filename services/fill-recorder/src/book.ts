// The recorder's state for one partition, and views over the whole book: positions per
// symbol (from the trading package's ledger) plus the last fill price per symbol (the mark
// for unrealized PnL) and a count of applied fills. Plain JSON, a pure fold over fills, so
// the state rebuilt from the fill stream is the live state.
import type { Fill } from '@tickflow/events';
import {
  add,
  applyFillToLedger,
  averageEntryPrice,
  EMPTY_LEDGER,
  formatDecimal,
  type Ledger,
  netPnl,
  unrealizedPnl,
} from '@tickflow/trading';

export interface Book {
  /** Positions by symbol. */
  readonly ledger: Ledger;
  /** The price of the last fill applied per symbol: the mark for unrealized PnL. */
  readonly marks: Readonly<Record<string, string>>;
  /** Fills applied (each execution id once). */
  readonly fills: number;
}

export const EMPTY_BOOK: Book = { ledger: EMPTY_LEDGER, marks: {}, fills: 0 };

/** The book after one fill (a new object). */
export function applyToBook(book: Book, fill: Fill): Book {
  return {
    ledger: applyFillToLedger(book.ledger, fill),
    marks: { ...book.marks, [fill.symbol]: fill.price },
    fills: book.fills + 1,
  };
}

/** One book from the partitions' books (a symbol lives in one partition: key = symbol), keys sorted. */
export function mergeBooks(books: Iterable<Book>): Book {
  const ledger: Record<string, Ledger[string]> = {};
  const marks: Record<string, string> = {};
  let fills = 0;
  for (const book of books) {
    Object.assign(ledger, book.ledger);
    Object.assign(marks, book.marks);
    fills += book.fills;
  }
  return { ledger: sortKeys(ledger), marks: sortKeys(marks), fills };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface PositionView {
  symbol: string;
  quantity: string;
  /** Cost basis / quantity (half-even, 16 places); null when flat. */
  average_price: string | null;
  cost_basis: string;
  realized_pnl: string;
  commissions: string;
}

export function positionsView(book: Book): PositionView[] {
  return Object.values(book.ledger).map((position) => ({
    symbol: position.symbol,
    quantity: position.quantity,
    average_price: averageEntryPrice(position) ?? null,
    cost_basis: position.costBasis,
    realized_pnl: position.realizedPnl,
    commissions: position.commissions,
  }));
}

export interface PnlLine {
  realized_pnl: string;
  unrealized_pnl: string;
  commissions: string;
  /** realized + unrealized − commissions. */
  net_pnl: string;
}

export interface PnlView {
  /** Sums over symbols (assumes one quote asset). */
  total: PnlLine;
  symbols: Record<string, PnlLine & { mark_price: string }>;
  fills: number;
}

export function pnlView(book: Book): PnlView {
  const symbols: PnlView['symbols'] = {};
  let total: PnlLine = { realized_pnl: '0', unrealized_pnl: '0', commissions: '0', net_pnl: '0' };
  for (const position of Object.values(book.ledger)) {
    const mark = book.marks[position.symbol] ?? '0';
    const line: PnlLine = {
      realized_pnl: position.realizedPnl,
      unrealized_pnl: unrealizedPnl(position, mark),
      commissions: position.commissions,
      net_pnl: netPnl(position, mark),
    };
    symbols[position.symbol] = { ...line, mark_price: mark };
    total = {
      realized_pnl: formatDecimal(add(total.realized_pnl, line.realized_pnl)),
      unrealized_pnl: formatDecimal(add(total.unrealized_pnl, line.unrealized_pnl)),
      commissions: formatDecimal(add(total.commissions, line.commissions)),
      net_pnl: formatDecimal(add(total.net_pnl, line.net_pnl)),
    };
  }
  return { total, symbols, fills: book.fills };
}
