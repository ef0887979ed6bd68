// OrderEvent: one state of an order's lifecycle (NEW → ACCEPTED → PARTIALLY_FILLED →
// FILLED; or CANCELED, REJECTED, EXPIRED). Every state change is its own event.
import { z } from 'zod';
import {
  expected,
  identifier,
  nonNegativeDecimal,
  positiveDecimal,
  shortText,
  side,
  symbol,
} from '../primitives.ts';

export const orderStatus = z.enum(
  ['NEW', 'ACCEPTED', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED'],
  {
    error: expected('an order status (NEW, ACCEPTED, PARTIALLY_FILLED, FILLED, CANCELED, REJECTED, EXPIRED)'),
  },
);

export const timeInForce = z.enum(['GTC', 'IOC', 'FOK', 'DAY'], {
  error: expected('a time in force (GTC, IOC, FOK, DAY)'),
});

/** Schema of the current (v2) Order payload. */
export const order = z
  .strictObject({
    order_id: identifier,
    client_order_id: identifier,
    symbol,
    side,
    quantity: positiveDecimal,
    order_type: z.enum(['market', 'limit'], { error: expected('"market" or "limit"') }),
    limit_price: positiveDecimal.optional(),
    time_in_force: timeInForce,
    status: orderStatus,
    filled_quantity: nonNegativeDecimal,
    avg_fill_price: positiveDecimal.optional(),
    strategy_id: identifier.optional(),
    reason: shortText.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.order_type === 'limit' && value.limit_price === undefined) {
      ctx.addIssue({ code: 'custom', path: ['limit_price'], message: 'a limit order needs a limit_price' });
    }
    if (value.order_type === 'market' && value.limit_price !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['limit_price'], message: 'a market order has no limit_price' });
    }
  });

export type OrderStatus = z.infer<typeof orderStatus>;
export type TimeInForce = z.infer<typeof timeInForce>;
export type Order = z.infer<typeof order>;
