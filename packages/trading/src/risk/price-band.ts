import { abs, add, gt, lte, mul, sign, sub } from '../money/arithmetic.ts';
import { formatDecimal, toDecimal } from '../money/decimal.ts';
import { div } from '../money/rounding.ts';
import { orderPrice } from './order-price.ts';
import {
  type OrderIntent,
  PASS,
  type RiskContext,
  type RiskLimits,
  type RiskResult,
  reject,
} from './types.ts';

/**
 * Refuses an order whose price (limit, else reference) lies more than `priceBandBps` from
 * the last quote's mid. Compared exactly: |price − mid| × 10 000 ≤ bps × mid. No usable
 * quote (missing, non-positive or crossed) refuses too: the band cannot be checked.
 */
export function checkPriceBand(intent: OrderIntent, context: RiskContext, limits: RiskLimits): RiskResult {
  const quote = context.quote;
  if (quote === undefined) return reject('price-band', 'no quote to check the price against');
  const bid = toDecimal(quote.bidPrice);
  const ask = toDecimal(quote.askPrice);
  if (sign(bid) <= 0 || gt(bid, ask))
    return reject('price-band', `unusable quote ${quote.bidPrice} / ${quote.askPrice}`);
  const mid = div(add(bid, ask), '2', { scale: Math.max(bid.scale, ask.scale) + 1 }); // exact: one more digit holds a half
  const price = orderPrice(intent, context);
  const distance = abs(sub(price, mid));
  if (lte(mul(distance, '10000'), mul(limits.priceBandBps, mid))) return PASS;
  return reject(
    'price-band',
    `price ${formatDecimal(price)} is more than ${limits.priceBandBps} bps from the mid ${formatDecimal(mid)}`,
  );
}
