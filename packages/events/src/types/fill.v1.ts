// Fill v1: `fee`/`fee_asset` instead of `commission`/`commission_asset`, and liquidity as
// a boolean `is_maker`.
import { z } from 'zod';
import { expected, identifier, nonNegativeDecimal, positiveDecimal, side, symbol } from '../primitives.ts';
import type { Fill } from './fill.ts';

export const fillV1 = z.strictObject({
  order_id: identifier,
  execution_id: identifier,
  symbol,
  side,
  quantity: positiveDecimal,
  price: positiveDecimal,
  fee: nonNegativeDecimal,
  fee_asset: identifier,
  is_maker: z.boolean({ error: expected('true or false') }),
  venue: identifier,
});

export function upcastFillV1(old: z.infer<typeof fillV1>): Fill {
  return {
    order_id: old.order_id,
    execution_id: old.execution_id,
    symbol: old.symbol,
    side: old.side,
    quantity: old.quantity,
    price: old.price,
    commission: old.fee,
    commission_asset: old.fee_asset,
    liquidity: old.is_maker ? 'maker' : 'taker',
    venue: old.venue,
  };
}
