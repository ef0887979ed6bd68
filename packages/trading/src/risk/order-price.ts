import { add, neg } from '../money/arithmetic.ts';
import type { Decimal } from '../money/decimal.ts';
import { toDecimal } from '../money/decimal.ts';
import type { OrderIntent, RiskContext } from './types.ts';

/** The price an order is valued at: its limit price, else the context's reference price. */
export function orderPrice(intent: OrderIntent, context: RiskContext): Decimal {
  return toDecimal(
    intent.orderType === 'limit' && intent.limitPrice !== undefined
      ? intent.limitPrice
      : context.referencePrice,
  );
}

/** The signed position after the order fills completely. */
export function positionAfter(intent: OrderIntent, context: RiskContext): Decimal {
  return add(context.position, intent.side === 'buy' ? intent.quantity : neg(intent.quantity));
}
