// The OrderEvent payload (packages/events, v2) for an order's current state.
import type { Order } from '@tickflow/events';
import type { OrderState } from './order-state.ts';

/** The Order payload to publish for `state`; internal bookkeeping (notional, execution ids) stays out. */
export function toOrderPayload(state: OrderState): Order {
  return {
    order_id: state.order_id,
    client_order_id: state.client_order_id,
    symbol: state.symbol,
    side: state.side,
    quantity: state.quantity,
    order_type: state.order_type,
    ...(state.limit_price === undefined ? {} : { limit_price: state.limit_price }),
    time_in_force: state.time_in_force,
    status: state.status,
    filled_quantity: state.filled_quantity,
    ...(state.avg_fill_price === undefined ? {} : { avg_fill_price: state.avg_fill_price }),
    ...(state.strategy_id === undefined ? {} : { strategy_id: state.strategy_id }),
    ...(state.reason === undefined ? {} : { reason: state.reason }),
  };
}
