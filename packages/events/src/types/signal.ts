// SignalEvent: a strategy's view on a symbol. It carries the quote it was decided on, so
// whoever acts on it (the order router, the paper venue) decides from the same prices,
// whatever the interleaving of streams downstream.
import { z } from 'zod';
import { decimal, expected, identifier, nonNegativeDecimal, shortText, symbol } from '../primitives.ts';
import { bothSizesOrNeither } from './quote-sizes.ts';

/** The quote's sizes are optional since v3, both together, as a MarketData quote's. */
export const signalQuote = z
  .strictObject({
    bid_price: decimal,
    bid_size: nonNegativeDecimal.optional(),
    ask_price: decimal,
    ask_size: nonNegativeDecimal.optional(),
  })
  .check(bothSizesOrNeither);

/** Schema of the current (v3) Signal payload. */
export const signal = z.strictObject({
  symbol,
  signal: z.enum(['long', 'short', 'flat'], { error: expected('"long", "short" or "flat"') }),
  /** Conviction from 0 to 1 inclusive. */
  strength: decimal.refine((value) => /^(0(\.\d+)?|1(\.0+)?)$/.test(value), {
    error: expected('a strength from 0 to 1'),
  }),
  strategy_id: identifier,
  reason: shortText,
  quote: signalQuote.optional(),
});

export type Signal = z.infer<typeof signal>;
