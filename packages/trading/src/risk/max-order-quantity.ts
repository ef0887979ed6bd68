import { gt } from '../money/arithmetic.ts';
import {
  type OrderIntent,
  PASS,
  type RiskContext,
  type RiskLimits,
  type RiskResult,
  reject,
} from './types.ts';

/** Refuses an order whose quantity exceeds `maxOrderQuantity` (equal passes). */
export function checkMaxOrderQuantity(
  intent: OrderIntent,
  _context: RiskContext,
  limits: RiskLimits,
): RiskResult {
  return gt(intent.quantity, limits.maxOrderQuantity)
    ? reject(
        'max-order-quantity',
        `quantity ${intent.quantity} exceeds the maximum ${limits.maxOrderQuantity}`,
      )
    : PASS;
}
