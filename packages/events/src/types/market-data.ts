// MarketDataEvent: a top-of-book quote or a trade print for one symbol at one venue.
import { z } from 'zod';
import { decimal, expected, identifier, nonNegativeDecimal, positiveDecimal, symbol } from '../primitives.ts';

export const quote = z.strictObject({
  kind: z.literal('quote'),
  symbol,
  venue: identifier,
  bid_price: decimal,
  bid_size: nonNegativeDecimal,
  ask_price: decimal,
  ask_size: nonNegativeDecimal,
});

export const trade = z.strictObject({
  kind: z.literal('trade'),
  symbol,
  venue: identifier,
  price: decimal,
  size: positiveDecimal,
  /** Which side crossed the spread; "unknown" when the venue does not say. */
  aggressor_side: z.enum(['buy', 'sell', 'unknown'], { error: expected('"buy", "sell" or "unknown"') }),
  trade_id: identifier.optional(),
});

/** Schema of the current (v2) MarketData payload. */
export const marketData = z.discriminatedUnion('kind', [quote, trade], {
  error: expected('kind "quote" or "trade"'),
});

export type Quote = z.infer<typeof quote>;
export type Trade = z.infer<typeof trade>;
export type MarketData = z.infer<typeof marketData>;
