// The order state machine as a reducer: (order | undefined, report) → the next order, or a
// typed refusal that leaves the order unchanged (the router never republishes a refused
// report). NEW → ACCEPTED → PARTIALLY_FILLED → FILLED; CANCELED, REJECTED and EXPIRED end
// it too. A fill may arrive on a NEW order: venues often execute an IOC before (or instead
// of) acknowledging it.
import type { OrderStatus } from '@tickflow/events';
import { add, compare, gt, mul, sign, sub } from '../money/arithmetic.ts';
import { type Decimal, formatDecimal, InvalidDecimalError, parseDecimal } from '../money/decimal.ts';
import { div } from '../money/rounding.ts';
import { OrderTransitionError, type OrderTransitionErrorCode } from './errors.ts';
import type { FillReport, OrderReport } from './order-report.ts';
import { isTerminal, type OrderState } from './order-state.ts';

export type OrderTransition =
  | { ok: true; order: OrderState }
  | { ok: false; order: OrderState | undefined; error: OrderTransitionError };

/** The smallest scale the average fill price is rounded to (half-even). */
export const MIN_AVG_PRICE_SCALE = 16;

/** Applies one report to an order. Never throws for a bad report: it returns `ok: false`. */
export function applyOrderEvent(order: OrderState | undefined, report: OrderReport): OrderTransition {
  const refuse = (code: OrderTransitionErrorCode, message: string, cause?: unknown): OrderTransition => ({
    ok: false,
    order,
    error: new OrderTransitionError(
      code,
      {
        orderId: report.kind === 'submitted' ? report.order.order_id : report.order_id,
        status: order?.status,
        reportKind: report.kind,
        message,
      },
      cause === undefined ? undefined : { cause },
    ),
  });

  if (report.kind === 'submitted') {
    if (order !== undefined) return refuse('DUPLICATE_ORDER', 'the order was already submitted');
    const request = report.order;
    if (!isPositive(request.quantity))
      return refuse('INVALID_REPORT', 'quantity must be a decimal greater than zero');
    if ((request.order_type === 'limit') !== (request.limit_price !== undefined))
      return refuse('INVALID_REPORT', 'a limit order needs a limit_price, a market order has none');
    if (request.limit_price !== undefined && !isPositive(request.limit_price))
      return refuse('INVALID_REPORT', 'limit_price must be a decimal greater than zero');
    return {
      ok: true,
      order: {
        ...request,
        quantity: canonical(request.quantity),
        ...(request.limit_price === undefined ? {} : { limit_price: canonical(request.limit_price) }),
        status: 'NEW',
        filled_quantity: '0',
        filled_notional: '0',
        avg_price_scale: MIN_AVG_PRICE_SCALE,
        commission: '0',
        execution_ids: [],
      },
    };
  }

  if (order === undefined) return refuse('UNKNOWN_ORDER', 'no such order was submitted');
  if (report.order_id !== order.order_id)
    return refuse('ORDER_ID_MISMATCH', 'the report names another order');
  if (isTerminal(order.status)) return refuse('INVALID_TRANSITION', `the order is already ${order.status}`);

  switch (report.kind) {
    case 'accepted':
      if (order.status !== 'NEW') return refuse('INVALID_TRANSITION', 'only a NEW order can be accepted');
      return { ok: true, order: { ...order, status: 'ACCEPTED' } };
    case 'rejected':
      if (order.status !== 'NEW') return refuse('INVALID_TRANSITION', 'only a NEW order can be rejected');
      return { ok: true, order: { ...order, status: 'REJECTED', reason: report.reason } };
    case 'canceled':
    case 'expired': {
      const status: OrderStatus = report.kind === 'canceled' ? 'CANCELED' : 'EXPIRED';
      const reason = report.kind === 'canceled' ? report.reason : undefined;
      return { ok: true, order: { ...order, status, ...(reason === undefined ? {} : { reason }) } };
    }
    case 'partial_fill':
    case 'fill':
      return applyFill(order, report, refuse);
  }
}

function applyFill(
  order: OrderState,
  report: FillReport,
  refuse: (code: OrderTransitionErrorCode, message: string, cause?: unknown) => OrderTransition,
): OrderTransition {
  let quantity: Decimal;
  let price: Decimal;
  let commission: Decimal;
  try {
    quantity = parseDecimal(report.quantity);
    price = parseDecimal(report.price);
    commission = parseDecimal(report.commission);
  } catch (error) {
    if (error instanceof InvalidDecimalError) return refuse('INVALID_REPORT', error.message, error);
    throw error;
  }
  if (sign(quantity) <= 0 || sign(price) <= 0 || sign(commission) < 0)
    return refuse('INVALID_REPORT', 'a fill needs quantity > 0, price > 0 and commission ≥ 0');
  if (order.execution_ids.includes(report.execution_id))
    return refuse('DUPLICATE_EXECUTION', `execution ${report.execution_id} was already applied`);

  const filled = add(order.filled_quantity, quantity);
  const versusQuantity = compare(filled, order.quantity);
  if (versusQuantity > 0)
    return refuse('OVERFILL', `filling ${report.quantity} would exceed the order quantity ${order.quantity}`);
  if (report.kind === 'fill' && versusQuantity < 0)
    return refuse('FILL_KIND_MISMATCH', 'a fill must complete the order; use partial_fill');
  if (report.kind === 'partial_fill' && versusQuantity === 0)
    return refuse('FILL_KIND_MISMATCH', 'this execution completes the order; it must be a fill');

  const notional = add(order.filled_notional, mul(quantity, price));
  const avgPriceScale = Math.max(order.avg_price_scale, price.scale);
  return {
    ok: true,
    order: {
      ...order,
      status: versusQuantity === 0 ? 'FILLED' : 'PARTIALLY_FILLED',
      filled_quantity: formatDecimal(filled),
      filled_notional: formatDecimal(notional),
      avg_fill_price: formatDecimal(div(notional, filled, { scale: avgPriceScale, rounding: 'half-even' })),
      avg_price_scale: avgPriceScale,
      commission: formatDecimal(add(order.commission, commission)),
      execution_ids: [...order.execution_ids, report.execution_id],
    },
  };
}

function isPositive(text: string): boolean {
  try {
    return gt(parseDecimal(text), '0');
  } catch {
    return false;
  }
}

function canonical(text: string): string {
  return formatDecimal(parseDecimal(text));
}

/** The quantity still open: quantity − filled (zero once the order is terminal). */
export function remainingQuantity(order: OrderState): string {
  if (isTerminal(order.status)) return '0';
  return formatDecimal(sub(order.quantity, order.filled_quantity));
}
