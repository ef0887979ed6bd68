import type { OrderStatus } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { applyOrderEvent, remainingQuantity } from '../src/orders/apply-order-event.ts';
import { OrderTransitionError } from '../src/orders/errors.ts';
import type { OrderReport } from '../src/orders/order-report.ts';
import type { OrderState } from '../src/orders/order-state.ts';
import { toOrderPayload } from '../src/orders/to-order-payload.ts';
import {
  accepted,
  canceled,
  execution,
  expired,
  given,
  ORDER_ID,
  rejected,
  submitted,
} from './order-fixtures.ts';

type Given = { name: OrderStatus | 'none'; history: () => OrderReport[]; remaining: string };

const GIVENS: Given[] = [
  { name: 'none', history: () => [], remaining: '10' },
  { name: 'NEW', history: () => [submitted()], remaining: '10' },
  { name: 'ACCEPTED', history: () => [submitted(), accepted], remaining: '10' },
  {
    name: 'PARTIALLY_FILLED',
    history: () => [submitted(), accepted, execution('partial_fill', '4')],
    remaining: '6',
  },
  { name: 'FILLED', history: () => [submitted(), accepted, execution('fill', '10')], remaining: '1' },
  { name: 'CANCELED', history: () => [submitted(), accepted, canceled], remaining: '1' },
  { name: 'REJECTED', history: () => [submitted(), rejected], remaining: '1' },
  { name: 'EXPIRED', history: () => [submitted(), accepted, expired], remaining: '1' },
];

type When = 'submitted' | 'accepted' | 'rejected' | 'partial_fill' | 'fill' | 'canceled' | 'expired';

function whenReport(kind: When, remaining: string): OrderReport {
  switch (kind) {
    case 'submitted':
      return submitted();
    case 'accepted':
      return accepted;
    case 'rejected':
      return rejected;
    case 'partial_fill':
      return execution('partial_fill', remaining === '1' ? '0.5' : '2');
    case 'fill':
      return execution('fill', remaining);
    case 'canceled':
      return canceled;
    case 'expired':
      return expired;
  }
}

// Every (state, report) pair: the status it leads to, or the error code it is refused with.
const TRANSITIONS: Record<Given['name'], Record<When, OrderStatus | `!${string}`>> = {
  none: {
    submitted: 'NEW',
    accepted: '!UNKNOWN_ORDER',
    rejected: '!UNKNOWN_ORDER',
    partial_fill: '!UNKNOWN_ORDER',
    fill: '!UNKNOWN_ORDER',
    canceled: '!UNKNOWN_ORDER',
    expired: '!UNKNOWN_ORDER',
  },
  NEW: {
    submitted: '!DUPLICATE_ORDER',
    accepted: 'ACCEPTED',
    rejected: 'REJECTED',
    partial_fill: 'PARTIALLY_FILLED',
    fill: 'FILLED',
    canceled: 'CANCELED',
    expired: 'EXPIRED',
  },
  ACCEPTED: {
    submitted: '!DUPLICATE_ORDER',
    accepted: '!INVALID_TRANSITION',
    rejected: '!INVALID_TRANSITION',
    partial_fill: 'PARTIALLY_FILLED',
    fill: 'FILLED',
    canceled: 'CANCELED',
    expired: 'EXPIRED',
  },
  PARTIALLY_FILLED: {
    submitted: '!DUPLICATE_ORDER',
    accepted: '!INVALID_TRANSITION',
    rejected: '!INVALID_TRANSITION',
    partial_fill: 'PARTIALLY_FILLED',
    fill: 'FILLED',
    canceled: 'CANCELED',
    expired: 'EXPIRED',
  },
  FILLED: terminal(),
  CANCELED: terminal(),
  REJECTED: terminal(),
  EXPIRED: terminal(),
};

function terminal(): Record<When, `!${string}`> {
  return {
    submitted: '!DUPLICATE_ORDER',
    accepted: '!INVALID_TRANSITION',
    rejected: '!INVALID_TRANSITION',
    partial_fill: '!INVALID_TRANSITION',
    fill: '!INVALID_TRANSITION',
    canceled: '!INVALID_TRANSITION',
    expired: '!INVALID_TRANSITION',
  };
}

const CASES = GIVENS.flatMap((g) =>
  (Object.entries(TRANSITIONS[g.name]) as Array<[When, string]>).map(([when, then]) => ({ g, when, then })),
);

describe('order state machine: every transition', () => {
  it.each(CASES)('given $g.name, when $when, then $then', ({ g, when, then }) => {
    const before = given(...g.history());
    const snapshot = structuredClone(before);
    const result = applyOrderEvent(before, whenReport(when, g.remaining));
    if (then.startsWith('!')) {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBeInstanceOf(OrderTransitionError);
      expect(result.error.code).toBe(then.slice(1));
      expect(result.order).toBe(before);
      expect(before).toEqual(snapshot); // unchanged
    } else {
      expect(result.ok).toBe(true);
      expect(result.order?.status).toBe(then);
    }
  });
});

function refusal(order: OrderState | undefined, report: OrderReport): OrderTransitionError {
  const result = applyOrderEvent(order, report);
  if (result.ok) throw new Error('expected a refusal');
  expect(result.order).toBe(order);
  return result.error;
}

function applied(order: OrderState | undefined, report: OrderReport): OrderState {
  const result = applyOrderEvent(order, report);
  if (!result.ok) throw result.error;
  return result.order;
}

describe('order state machine: fills', () => {
  it('given an accepted order, when it fills in parts, then it tracks filled quantity, exact average and commission', () => {
    let order = given(submitted({ quantity: '3' }), accepted);
    order = applied(order, execution('partial_fill', '1', '100.1', { commission: '0.05' }));
    order = applied(order, execution('partial_fill', '1', '100.2', { commission: '0.05' }));
    order = applied(order, execution('fill', '1', '100.4', { commission: '0.05' }));
    expect(order).toMatchObject({
      status: 'FILLED',
      filled_quantity: '3',
      filled_notional: '300.7',
      avg_fill_price: '100.2333333333333333', // 300.7 / 3 rounded half-even to 16 digits
      commission: '0.15',
    });
    expect(order.execution_ids).toHaveLength(3);
    expect(remainingQuantity(order)).toBe('0');
  });

  it('given a fill, then the average price is exactly the fill price', () => {
    const order = applied(given(submitted()), execution('fill', '10', '0.1'));
    expect(order.avg_fill_price).toBe('0.1');
    expect(order.filled_notional).toBe('1');
  });

  it('given partially filled 4/10, when 7 more arrive, then OVERFILL and nothing changes', () => {
    const order = given(submitted(), accepted, execution('partial_fill', '4'));
    expect(refusal(order, execution('fill', '7')).code).toBe('OVERFILL');
    expect(refusal(order, execution('partial_fill', '6.0001')).code).toBe('OVERFILL');
  });

  it('given an applied execution, when the same execution id comes again, then DUPLICATE_EXECUTION', () => {
    const first = execution('partial_fill', '4');
    const order = given(submitted(), accepted, first);
    expect(refusal(order, { ...first, quantity: '1' }).code).toBe('DUPLICATE_EXECUTION');
  });

  it('given 4/10 filled, when a "fill" of 2 arrives, then FILL_KIND_MISMATCH (it does not complete)', () => {
    const order = given(submitted(), accepted, execution('partial_fill', '4'));
    expect(refusal(order, execution('fill', '2')).code).toBe('FILL_KIND_MISMATCH');
  });

  it('given 4/10 filled, when a "partial_fill" of 6 arrives, then FILL_KIND_MISMATCH (it completes)', () => {
    const order = given(submitted(), accepted, execution('partial_fill', '4'));
    expect(refusal(order, execution('partial_fill', '6')).code).toBe('FILL_KIND_MISMATCH');
  });

  it.each([
    ['zero quantity', { quantity: '0' }],
    ['negative price', { price: '-1' }],
    ['negative commission', { commission: '-0.01' }],
    ['exponent quantity', { quantity: '1e2' }],
  ])('when a fill has a %s, then INVALID_REPORT', (_, overrides) => {
    const order = given(submitted(), accepted);
    const error = refusal(order, execution('partial_fill', '1', '100', overrides));
    expect(error.code).toBe('INVALID_REPORT');
  });

  it('given a partially filled order, when canceled, then the filled quantity is kept', () => {
    const order = applied(given(submitted(), accepted, execution('partial_fill', '4')), canceled);
    expect(order).toMatchObject({ status: 'CANCELED', filled_quantity: '4', reason: 'user' });
    expect(remainingQuantity(order)).toBe('0');
  });
});

describe('order state machine: other refusals', () => {
  it('when a report names another order, then ORDER_ID_MISMATCH', () => {
    const order = given(submitted());
    expect(refusal(order, { kind: 'accepted', order_id: 'other' }).code).toBe('ORDER_ID_MISMATCH');
  });

  it.each([
    ['zero quantity', { quantity: '0' }],
    ['limit without price', { order_type: 'limit' as const }],
    ['market with price', { limit_price: '10' }],
    ['negative limit price', { order_type: 'limit' as const, limit_price: '-1' }],
  ])('when submitting with %s, then INVALID_REPORT', (_, overrides) => {
    expect(refusal(undefined, submitted(overrides)).code).toBe('INVALID_REPORT');
  });

  it('the error carries the order id, its status and the report kind', () => {
    const error = refusal(given(submitted(), rejected), accepted);
    expect(error).toMatchObject({
      name: 'OrderTransitionError',
      orderId: ORDER_ID,
      status: 'REJECTED',
      reportKind: 'accepted',
    });
  });
});

describe('toOrderPayload', () => {
  it('gives the Order event payload without internal bookkeeping', () => {
    const order = applied(
      given(submitted({ order_type: 'limit', limit_price: '101.50', strategy_id: 's1' }), accepted),
      execution('partial_fill', '4', '101'),
    );
    expect(toOrderPayload(order)).toEqual({
      order_id: ORDER_ID,
      client_order_id: 'cl-1',
      symbol: 'BTC-USD',
      side: 'buy',
      quantity: '10',
      order_type: 'limit',
      limit_price: '101.5',
      time_in_force: 'GTC',
      status: 'PARTIALLY_FILLED',
      filled_quantity: '4',
      avg_fill_price: '101',
      strategy_id: 's1',
    });
  });
});
