// Signal v2: a carried quote always has `bid_size` and `ask_size`. Kept so entries written by
// v2 producers still decode; v3 only made the quote's sizes optional (both or neither, as
// MarketData v3's), so the upcaster is the identity.
import { z } from 'zod';
import { decimal, expected, identifier, nonNegativeDecimal, shortText, symbol } from '../primitives.ts';
import type { Signal } from './signal.ts';

export const signalV2 = z.strictObject({
  symbol,
  signal: z.enum(['long', 'short', 'flat'], { error: expected('"long", "short" or "flat"') }),
  strength: decimal.refine((value) => /^(0(\.\d+)?|1(\.0+)?)$/.test(value), {
    error: expected('a strength from 0 to 1'),
  }),
  strategy_id: identifier,
  reason: shortText,
  quote: z
    .strictObject({
      bid_price: decimal,
      bid_size: nonNegativeDecimal,
      ask_price: decimal,
      ask_size: nonNegativeDecimal,
    })
    .optional(),
});

export type SignalV2 = z.infer<typeof signalV2>;

/** A v2 payload is a valid v3 payload as it is: its quote, if any, has both sizes. */
export function upcastSignalV2(old: SignalV2): Signal {
  return old;
}
