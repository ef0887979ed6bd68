import { gt, mul } from '../money/arithmetic.ts';
import { formatDecimal } from '../money/decimal.ts';
import { orderPrice } from './order-price.ts';
import {
  type OrderIntent,
  PASS,
  type RiskContext,
  type RiskLimits,
  type RiskResult,
  reject,
} from './types.ts';

/** Refuses an order whose quantity × price (limit, else reference) exceeds `maxOrderNotional`. */
export function checkMaxOrderNotional(
  intent: OrderIntent,
  context: RiskContext,
  limits: RiskLimits,
): RiskResult {
  const notional = mul(intent.quantity, orderPrice(intent, context));
  return gt(notional, limits.maxOrderNotional)
    ? reject(
        'max-order-notional',
        `notional ${formatDecimal(notional)} exceeds the maximum ${limits.maxOrderNotional}`,
      )
    : PASS;
}
