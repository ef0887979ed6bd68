// MarketData v2: every quote carries `bid_size` and `ask_size`. Kept so entries written by
// v2 producers still decode; v3 only made the sizes optional (both or neither), so the
// upcaster is the identity.
import { z } from 'zod';
import { decimal, expected, identifier, nonNegativeDecimal, positiveDecimal, symbol } from '../primitives.ts';
import type { MarketData } from './market-data.ts';

const quoteV2 = z.strictObject({
  kind: z.literal('quote'),
  symbol,
  venue: identifier,
  bid_price: decimal,
  bid_size: nonNegativeDecimal,
  ask_price: decimal,
  ask_size: nonNegativeDecimal,
});

const tradeV2 = z.strictObject({
  kind: z.literal('trade'),
  symbol,
  venue: identifier,
  price: decimal,
  size: positiveDecimal,
  aggressor_side: z.enum(['buy', 'sell', 'unknown'], { error: expected('"buy", "sell" or "unknown"') }),
  trade_id: identifier.optional(),
});

export const marketDataV2 = z.discriminatedUnion('kind', [quoteV2, tradeV2], {
  error: expected('kind "quote" or "trade"'),
});

export type MarketDataV2 = z.infer<typeof marketDataV2>;

/** A v2 payload is a valid v3 payload as it is: a quote with both sizes, or a trade. */
export function upcastMarketDataV2(old: MarketDataV2): MarketData {
  return old;
}
