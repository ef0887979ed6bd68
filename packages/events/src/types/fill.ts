// FillEvent: one execution against an order. fill-recorder counts each execution_id once.
import { z } from 'zod';
import { expected, identifier, nonNegativeDecimal, positiveDecimal, side, symbol } from '../primitives.ts';

/** Schema of the current (v2) Fill payload. */
export const fill = z.strictObject({
  order_id: identifier,
  execution_id: identifier,
  symbol,
  side,
  quantity: positiveDecimal,
  price: positiveDecimal,
  commission: nonNegativeDecimal,
  commission_asset: identifier,
  liquidity: z.enum(['maker', 'taker'], { error: expected('"maker" or "taker"') }),
  venue: identifier,
});

export type Fill = z.infer<typeof fill>;
