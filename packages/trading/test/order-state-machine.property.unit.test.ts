import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare, isZero, lte } from '../src/money/arithmetic.ts';
import { parseDecimal } from '../src/money/decimal.ts';
import { applyOrderEvent } from '../src/orders/apply-order-event.ts';
import type { OrderReport } from '../src/orders/order-report.ts';
import { isTerminal, type OrderState } from '../src/orders/order-state.ts';
import { ORDER_ID, submitted } from './order-fixtures.ts';

const quantityArb = fc.constantFrom('0.5', '1', '2', '3', '4.25', '10', '0');
const priceArb = fc.constantFrom('99.5', '100', '100.01', '101.333', '0.0001');

const reportArb: fc.Arbitrary<OrderReport> = fc.oneof(
  fc.constant(submitted()),
  fc.constant<OrderReport>({ kind: 'accepted', order_id: ORDER_ID }),
  fc.constant<OrderReport>({ kind: 'rejected', order_id: ORDER_ID, reason: 'no' }),
  fc.constant<OrderReport>({ kind: 'canceled', order_id: ORDER_ID }),
  fc.constant<OrderReport>({ kind: 'expired', order_id: ORDER_ID }),
  fc
    .record({
      kind: fc.constantFrom('partial_fill' as const, 'fill' as const),
      execution_id: fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8'),
      quantity: quantityArb,
      price: priceArb,
      commission: fc.constantFrom('0', '0.01'),
      liquidity: fc.constantFrom('maker' as const, 'taker' as const),
    })
    .map((fill) => ({ ...fill, order_id: ORDER_ID })),
);

function checkInvariants(order: OrderState, fillPrices: string[]): void {
  const filled = parseDecimal(order.filled_quantity);
  expect(lte(filled, order.quantity)).toBe(true);
  expect(compare(filled, '0')).toBeGreaterThanOrEqual(0);
  const versus = compare(filled, order.quantity);
  switch (order.status) {
    case 'NEW':
    case 'ACCEPTED':
    case 'REJECTED':
      expect(isZero(filled)).toBe(true);
      break;
    case 'PARTIALLY_FILLED':
      expect(isZero(filled)).toBe(false);
      expect(versus).toBe(-1);
      break;
    case 'FILLED':
      expect(versus).toBe(0);
      break;
    case 'CANCELED':
    case 'EXPIRED':
      expect(versus).toBe(-1);
      break;
  }
  expect(order.execution_ids).toHaveLength(fillPrices.length);
  if (fillPrices.length === 0) {
    expect(order.avg_fill_price).toBeUndefined();
    return;
  }
  const avg = order.avg_fill_price ?? '';
  const sorted = [...fillPrices].sort((a, b) => compare(a, b));
  expect(compare(avg, sorted[0] ?? '')).toBeGreaterThanOrEqual(0);
  expect(compare(avg, sorted.at(-1) ?? '')).toBeLessThanOrEqual(0);
}

describe('order state machine: properties', () => {
  it('random report sequences never produce an invalid state; refusals change nothing; terminal states absorb', () => {
    fc.assert(
      fc.property(fc.array(reportArb, { minLength: 1, maxLength: 40, size: 'max' }), (reports) => {
        let order: OrderState | undefined;
        const fillPrices: string[] = [];
        for (const report of reports) {
          const before = structuredClone(order);
          const wasTerminal = order !== undefined && isTerminal(order.status);
          const result = applyOrderEvent(order, report);
          if (!result.ok) {
            expect(result.order).toBe(order);
            expect(order).toEqual(before);
            continue;
          }
          expect(wasTerminal).toBe(false);
          if (report.kind === 'partial_fill' || report.kind === 'fill') fillPrices.push(report.price);
          order = result.order;
          checkInvariants(order, fillPrices);
        }
      }),
      { numRuns: 500 },
    );
  });
});
