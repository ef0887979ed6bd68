// Given/when/then helpers for the order state machine.
import { applyOrderEvent } from '../src/orders/apply-order-event.ts';
import type { FillReport, OrderReport } from '../src/orders/order-report.ts';
import type { OrderRequest, OrderState } from '../src/orders/order-state.ts';

export const ORDER_ID = 'ord-1';

export function request(overrides: Partial<OrderRequest> = {}): OrderRequest {
  return {
    order_id: ORDER_ID,
    client_order_id: 'cl-1',
    symbol: 'BTC-USD',
    side: 'buy',
    quantity: '10',
    order_type: 'market',
    time_in_force: 'GTC',
    ...overrides,
  };
}

export const submitted = (overrides: Partial<OrderRequest> = {}): OrderReport => ({
  kind: 'submitted',
  order: request(overrides),
});
export const accepted: OrderReport = { kind: 'accepted', order_id: ORDER_ID };
export const rejected: OrderReport = { kind: 'rejected', order_id: ORDER_ID, reason: 'insufficient funds' };
export const canceled: OrderReport = { kind: 'canceled', order_id: ORDER_ID, reason: 'user' };
export const expired: OrderReport = { kind: 'expired', order_id: ORDER_ID };

let executionCounter = 0;
export function execution(
  kind: FillReport['kind'],
  quantity: string,
  price = '100',
  overrides: Partial<FillReport> = {},
): FillReport {
  executionCounter++;
  return {
    kind,
    order_id: ORDER_ID,
    execution_id: `exec-${executionCounter}`,
    quantity,
    price,
    commission: '0.1',
    liquidity: 'taker',
    ...overrides,
  };
}

/** The order after `reports`, each of which must be accepted by the state machine. */
export function given(...reports: OrderReport[]): OrderState | undefined {
  let order: OrderState | undefined;
  for (const report of reports) {
    const result = applyOrderEvent(order, report);
    if (!result.ok) throw new Error(`given: ${result.error.message}`);
    order = result.order;
  }
  return order;
}
