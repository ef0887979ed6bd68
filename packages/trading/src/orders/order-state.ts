// The order router's view of one order: what was asked for, and what the venue has done
// with it so far. A plain JSON-safe object (decimals as canonical strings) so the router
// can snapshot it with its checkpoint.
import type { OrderStatus, Side, TimeInForce } from '@tickflow/events';

/** What the router asks a venue for: the order as first submitted. */
export interface OrderRequest {
  order_id: string;
  client_order_id: string;
  symbol: string;
  side: Side;
  /** Positive decimal string. */
  quantity: string;
  order_type: 'market' | 'limit';
  /** Set exactly when order_type is 'limit'. */
  limit_price?: string;
  time_in_force: TimeInForce;
  strategy_id?: string;
}

export interface OrderState extends OrderRequest {
  status: OrderStatus;
  /** Sum of executed quantities, ≤ quantity. */
  filled_quantity: string;
  /** Exact Σ quantity × price of executions: the average price's source of truth. */
  filled_notional: string;
  /** filled_notional / filled_quantity rounded half-even to `avg_price_scale`; absent before a fill. */
  avg_fill_price?: string;
  /** Digits the average is rounded to: max(16, the largest fill price scale), so it stays within the fill prices. */
  avg_price_scale: number;
  /** Sum of execution commissions. */
  commission: string;
  /** Every execution id applied, in order: a repeated one is refused. */
  execution_ids: string[];
  /** Why the venue rejected or canceled it, when it said. */
  reason?: string;
}

/** States after which no report may change the order. */
export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'FILLED',
  'CANCELED',
  'REJECTED',
  'EXPIRED',
]);

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}
