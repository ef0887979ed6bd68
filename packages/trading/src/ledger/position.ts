// A per-symbol position built from fills: signed quantity, exact cost basis, realized PnL
// and commissions. JSON-safe (decimals as canonical strings) so fill-recorder can store it,
// and a pure fold over fills, so rebuilding from the fill stream gives the same position.
//
// Cost basis is Σ signed quantity × price of the open position. Closing part of a position
// removes cost in proportion (cost × closed / open), rounded half-even to
// COST_ALLOCATION_SCALE when the ratio does not terminate; a full close removes the cost
// exactly. Whatever the rounding, realized − cost basis changes by exactly −(signed qty ×
// price) per fill, so realized + unrealized always equals cash flow + position × mark.
import type { Side } from '@tickflow/events';
import { abs, add, isZero, min, mul, neg, sign, sub } from '../money/arithmetic.ts';
import { type Decimal, formatDecimal, toDecimal } from '../money/decimal.ts';
import { div } from '../money/rounding.ts';

/** The smallest scale a proportional cost allocation is rounded to (half-even). */
export const COST_ALLOCATION_SCALE = 16;

export interface Position {
  symbol: string;
  /** Signed quantity: > 0 long, < 0 short, "0" flat (never "-0"). */
  quantity: string;
  /** Signed cost of the open quantity (Σ quantity × entry price); "0" when flat. */
  costBasis: string;
  /** Realized PnL before commissions, in the quote asset. */
  realizedPnl: string;
  /** Commissions paid, in the quote asset. */
  commissions: string;
}

/** What the ledger needs of a fill (a FillEvent payload fits). */
export interface LedgerFill {
  symbol: string;
  side: Side;
  /** Positive decimal string. */
  quantity: string;
  /** Positive decimal string. */
  price: string;
  /** Non-negative decimal string, assumed in the quote asset. */
  commission: string;
}

export function flatPosition(symbol: string): Position {
  return { symbol, quantity: '0', costBasis: '0', realizedPnl: '0', commissions: '0' };
}

/** The position after one fill. Throws RangeError if the fill is for another symbol or has bad amounts. */
export function applyFill(position: Position | undefined, fill: LedgerFill): Position {
  const current = position ?? flatPosition(fill.symbol);
  if (current.symbol !== fill.symbol)
    throw new RangeError(`fill for ${fill.symbol} applied to ${current.symbol}`);
  const price = toDecimal(fill.price);
  const fillQuantity = toDecimal(fill.quantity);
  if (sign(fillQuantity) <= 0 || sign(price) <= 0 || sign(fill.commission) < 0)
    throw new RangeError('a fill needs quantity > 0, price > 0, commission ≥ 0');

  const direction = fill.side === 'buy' ? 1n : -1n;
  let quantity = toDecimal(current.quantity);
  let cost = toDecimal(current.costBasis);
  let realized = toDecimal(current.realizedPnl);
  let remaining = fillQuantity;

  // Close (part of) an opposite position first.
  if (!isZero(quantity) && BigInt(sign(quantity)) !== direction) {
    const open = abs(quantity);
    const closing = min(remaining, open);
    const closedSigned = sign(quantity) > 0 ? closing : neg(closing);
    const allocated = allocateCost(cost, closing, open);
    realized = add(realized, sub(mul(closedSigned, price), allocated));
    quantity = sub(quantity, closedSigned);
    cost = sub(cost, allocated);
    remaining = sub(remaining, closing);
  }
  // Open or increase with the rest.
  if (!isZero(remaining)) {
    const signed = direction > 0n ? remaining : neg(remaining);
    quantity = add(quantity, signed);
    cost = add(cost, mul(signed, price));
  }

  return {
    symbol: current.symbol,
    quantity: formatDecimal(quantity),
    costBasis: formatDecimal(cost),
    realizedPnl: formatDecimal(realized),
    commissions: formatDecimal(add(current.commissions, fill.commission)),
  };
}

/** cost × closing / open: exact for a full close, else rounded half-even. */
function allocateCost(cost: Decimal, closing: Decimal, open: Decimal): Decimal {
  if (sub(closing, open).units === 0n) return cost;
  const scale = Math.max(COST_ALLOCATION_SCALE, cost.scale);
  return div(mul(cost, closing), open, { scale, rounding: 'half-even' });
}

/** The position after every fill in order, from flat (fill-recorder's rebuild). */
export function replayFills(symbol: string, fills: Iterable<LedgerFill>): Position {
  let position = flatPosition(symbol);
  for (const fill of fills) position = applyFill(position, fill);
  return position;
}

/** Cost basis / quantity rounded half-even to `scale` (default 16); undefined when flat. */
export function averageEntryPrice(position: Position, scale = COST_ALLOCATION_SCALE): string | undefined {
  if (isZero(position.quantity)) return undefined;
  return formatDecimal(div(position.costBasis, position.quantity, { scale, rounding: 'half-even' }));
}

/** quantity × mark − cost basis: what closing at `markPrice` would realize (before commissions). */
export function unrealizedPnl(position: Position, markPrice: string): string {
  return formatDecimal(sub(mul(position.quantity, markPrice), position.costBasis));
}

/** realized + unrealized − commissions. */
export function netPnl(position: Position, markPrice: string): string {
  return formatDecimal(
    sub(add(position.realizedPnl, unrealizedPnl(position, markPrice)), position.commissions),
  );
}
