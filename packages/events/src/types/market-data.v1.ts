// MarketData v1, the prototype's shape: `bid`/`ask` instead of `bid_price`/`ask_price`,
// `exchange` instead of `venue`, and a nullable `side` on trades. Kept so entries written
// by v1 producers still decode; the upcaster maps them onto the current shape.
import { z } from 'zod';
import { decimal, expected, identifier, nonNegativeDecimal, positiveDecimal, symbol } from '../primitives.ts';
import type { MarketDataV2 } from './market-data.v2.ts';

const quoteV1 = z.strictObject({
  kind: z.literal('quote'),
  symbol,
  exchange: identifier,
  bid: decimal,
  bid_size: nonNegativeDecimal,
  ask: decimal,
  ask_size: nonNegativeDecimal,
});

const tradeV1 = z.strictObject({
  kind: z.literal('trade'),
  symbol,
  exchange: identifier,
  price: decimal,
  size: positiveDecimal,
  side: z.enum(['buy', 'sell']).nullable(),
});

export const marketDataV1 = z.discriminatedUnion('kind', [quoteV1, tradeV1], {
  error: expected('kind "quote" or "trade"'),
});

export function upcastMarketDataV1(old: z.infer<typeof marketDataV1>): MarketDataV2 {
  if (old.kind === 'quote') {
    return {
      kind: 'quote',
      symbol: old.symbol,
      venue: old.exchange,
      bid_price: old.bid,
      bid_size: old.bid_size,
      ask_price: old.ask,
      ask_size: old.ask_size,
    };
  }
  return {
    kind: 'trade',
    symbol: old.symbol,
    venue: old.exchange,
    price: old.price,
    size: old.size,
    aggressor_side: old.side ?? 'unknown',
  };
}
