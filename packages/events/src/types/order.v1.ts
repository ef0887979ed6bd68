// Order v1: `price` instead of `limit_price`; no time in force (every v1 order was GTC)
// and no running filled quantity (v1 consumers summed fills themselves).
import { z } from 'zod';
import { expected, identifier, positiveDecimal, shortText, side, symbol } from '../primitives.ts';
import type { Order } from './order.ts';
import { orderStatus } from './order.ts';

export const orderV1 = z.strictObject({
  order_id: identifier,
  client_order_id: identifier,
  symbol,
  side,
  quantity: positiveDecimal,
  order_type: z.enum(['market', 'limit'], { error: expected('"market" or "limit"') }),
  price: positiveDecimal.nullable(),
  status: orderStatus,
  reason: shortText.optional(),
});

export function upcastOrderV1(old: z.infer<typeof orderV1>): Order {
  return {
    order_id: old.order_id,
    client_order_id: old.client_order_id,
    symbol: old.symbol,
    side: old.side,
    quantity: old.quantity,
    order_type: old.order_type,
    ...(old.price === null ? {} : { limit_price: old.price }),
    time_in_force: 'GTC',
    status: old.status,
    filled_quantity: old.status === 'FILLED' ? old.quantity : '0',
    ...(old.reason === undefined ? {} : { reason: old.reason }),
  };
}
