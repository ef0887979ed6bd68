// FillEvent: one execution against an order. fill-recorder counts each execution_id once.
// strategy_id (optional, like the Order's) attributes the fill, so the ledger can keep one
// position per strategy: a fold per strategy does not depend on how strategies interleave.
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
  strategy_id: identifier.optional(),
});

export type Fill = z.infer<typeof fill>;
