import { abs, gt, lt, sign } from '../money/arithmetic.ts';
import { formatDecimal } from '../money/decimal.ts';
import { positionAfter } from './order-price.ts';
import {
  type OrderIntent,
  PASS,
  type RiskContext,
  type RiskLimits,
  type RiskResult,
  reject,
} from './types.ts';

/**
 * Refuses an order that would leave |position| above `maxAbsPosition`. An order that only
 * shrinks a position already beyond the limit (same side, smaller) passes: refusing it
 * would trap the router in the breach.
 */
export function checkMaxPosition(intent: OrderIntent, context: RiskContext, limits: RiskLimits): RiskResult {
  const after = positionAfter(intent, context);
  if (!gt(abs(after), limits.maxAbsPosition)) return PASS;
  const reducing = sign(after) === sign(context.position) && lt(abs(after), abs(context.position));
  if (reducing) return PASS;
  return reject(
    'max-position',
    `position after the order ${formatDecimal(after)} exceeds the maximum absolute position ${limits.maxAbsPosition}`,
  );
}
