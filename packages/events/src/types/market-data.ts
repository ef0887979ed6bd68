// MarketDataEvent: a top-of-book quote or a trade print for one symbol at one venue.
import { z } from 'zod';
import { decimal, expected, identifier, nonNegativeDecimal, positiveDecimal, symbol } from '../primitives.ts';
import { bothSizesOrNeither } from './quote-sizes.ts';

/**
 * A quote's sizes are optional since v3, both together: many FX tick files have prices only
 * (`timestamp,bid,ask`). An unsized quote says the sizes are unknown, not zero (a zero size
 * is an empty side); consumers decide explicitly what unknown means (see `quoteSizes`).
 * One size without the other is rejected, located at the missing one.
 */
export const quote = z
  .strictObject({
    kind: z.literal('quote'),
    symbol,
    venue: identifier,
    bid_price: decimal,
    bid_size: nonNegativeDecimal.optional(),
    ask_price: decimal,
    ask_size: nonNegativeDecimal.optional(),
  })
  .check(bothSizesOrNeither);

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

/** Schema of the current (v3) MarketData payload. */
export const marketData = z.discriminatedUnion('kind', [quote, trade], {
  error: expected('kind "quote" or "trade"'),
});

export type Quote = z.infer<typeof quote>;
export type Trade = z.infer<typeof trade>;
export type MarketData = z.infer<typeof marketData>;

/** A quote's sizes, or undefined when the quote has none (the schema allows both or neither). */
export function quoteSizes(q: Quote): { bid_size: string; ask_size: string } | undefined {
  const { bid_size, ask_size } = q;
  return bid_size === undefined || ask_size === undefined ? undefined : { bid_size, ask_size };
}
