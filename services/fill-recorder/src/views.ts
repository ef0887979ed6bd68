// What the API answers: positions and PnL per symbol (the sum over strategies), per strategy
// and in total, keys sorted. Sums of exact decimals, so every figure is exact and, like the per-strategy
// ledgers it sums, independent of how strategies' fills interleaved.
import {
  add,
  averageEntryPrice,
  flatPosition,
  formatDecimal,
  netPnl,
  type Position,
  unrealizedPnl,
} from '@tickflow/trading';
import { type Book, mergeBooks, sortKeys, UNATTRIBUTED } from './book.ts';

export interface PositionView {
  symbol: string;
  quantity: string;
  /** Cost basis / quantity (half-even, 16 places); null when flat. */
  average_price: string | null;
  cost_basis: string;
  realized_pnl: string;
  commissions: string;
}

export interface StrategyPositionView extends PositionView {
  /** null for fills that carried no strategy_id. */
  strategy_id: string | null;
}

export interface PositionsView {
  /** Per symbol: the sum over strategies, sorted by symbol. */
  positions: PositionView[];
  /** Per strategy and symbol, sorted by strategy then symbol. */
  by_strategy: StrategyPositionView[];
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
  /** Keyed by strategy id ("" for fills without one). */
  strategies: Record<string, PnlLine>;
  fills: number;
}

const strategyIdOf = (key: string) => (key === UNATTRIBUTED ? null : key);

/** Each symbol's positions summed over strategies (exact: cost bases and PnL add up). */
export function positionsBySymbol(book: Book): Record<string, Position> {
  const sums: Record<string, Position> = {};
  for (const ledger of Object.values(book.strategies)) {
    for (const position of Object.values(ledger)) {
      const sum = sums[position.symbol] ?? flatPosition(position.symbol);
      sums[position.symbol] = {
        symbol: position.symbol,
        quantity: formatDecimal(add(sum.quantity, position.quantity)),
        costBasis: formatDecimal(add(sum.costBasis, position.costBasis)),
        realizedPnl: formatDecimal(add(sum.realizedPnl, position.realizedPnl)),
        commissions: formatDecimal(add(sum.commissions, position.commissions)),
      };
    }
  }
  return sortKeys(sums);
}

function positionView(position: Position): PositionView {
  return {
    symbol: position.symbol,
    quantity: position.quantity,
    average_price: averageEntryPrice(position) ?? null,
    cost_basis: position.costBasis,
    realized_pnl: position.realizedPnl,
    commissions: position.commissions,
  };
}

export function positionsView(unsorted: Book): PositionsView {
  const book = mergeBooks([unsorted]);
  return {
    positions: Object.values(positionsBySymbol(book)).map(positionView),
    by_strategy: Object.entries(book.strategies).flatMap(([strategy, ledger]) =>
      Object.values(ledger).map((position) => ({
        strategy_id: strategyIdOf(strategy),
        ...positionView(position),
      })),
    ),
  };
}

const ZERO_LINE: PnlLine = { realized_pnl: '0', unrealized_pnl: '0', commissions: '0', net_pnl: '0' };

function pnlLine(position: Position, mark: string): PnlLine {
  return {
    realized_pnl: position.realizedPnl,
    unrealized_pnl: unrealizedPnl(position, mark),
    commissions: position.commissions,
    net_pnl: netPnl(position, mark),
  };
}

function addLines(a: PnlLine, b: PnlLine): PnlLine {
  const sum = (x: string, y: string) => formatDecimal(add(x, y));
  return {
    realized_pnl: sum(a.realized_pnl, b.realized_pnl),
    unrealized_pnl: sum(a.unrealized_pnl, b.unrealized_pnl),
    commissions: sum(a.commissions, b.commissions),
    net_pnl: sum(a.net_pnl, b.net_pnl),
  };
}

export function pnlView(unsorted: Book): PnlView {
  const book = mergeBooks([unsorted]);
  const markOf = (symbol: string) => book.marks[symbol]?.price ?? '0';
  const symbols: PnlView['symbols'] = {};
  let total = ZERO_LINE;
  for (const position of Object.values(positionsBySymbol(book))) {
    const line = pnlLine(position, markOf(position.symbol));
    symbols[position.symbol] = { ...line, mark_price: markOf(position.symbol) };
    total = addLines(total, line);
  }
  const strategies: PnlView['strategies'] = {};
  for (const [strategy, ledger] of Object.entries(book.strategies)) {
    strategies[strategy] = Object.values(ledger)
      .map((position) => pnlLine(position, markOf(position.symbol)))
      .reduce(addLines, ZERO_LINE);
  }
  return { total, symbols, strategies, fills: book.fills };
}
