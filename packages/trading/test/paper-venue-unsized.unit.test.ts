// The paper venue on quotes without sizes (FX tick data has prices only): 'unlimited' fills
// the whole remainder at the quote's price, exactly as a sized fill is priced; 'reject'
// rejects a new order with a reason naming the unsized quote and leaves a resting one alone.
import { describe, expect, it } from 'vitest';
import { applyOrderEvent } from '../src/orders/apply-order-event.ts';
import type { OrderRequest, OrderState } from '../src/orders/order-state.ts';
import { createPaperVenue, paperExecutionId, type UnsizedQuotes } from '../src/venue/paper-venue.ts';
import type { TimedVenueReport, VenueContext } from '../src/venue/venue.ts';
import { given, ORDER_ID, submitted } from './order-fixtures.ts';

const T0 = 1_700_000_000_000_000_000n;
const UNSIZED: VenueContext = { quote: { bidPrice: '1.32014', askPrice: '1.32029' }, tsEventNs: T0 };

function newOrder(overrides: Partial<OrderRequest> = {}): OrderState {
  const order = given(submitted({ quantity: '250000', ...overrides }));
  if (!order) throw new Error('no order');
  return order;
}

function play(order: OrderState, reports: TimedVenueReport[]): OrderState {
  let state = order;
  for (const { report } of reports) {
    const result = applyOrderEvent(state, report);
    if (!result.ok) throw result.error;
    state = result.order;
  }
  return state;
}

const venue = (unsizedQuotes: UnsizedQuotes, more = {}) => createPaperVenue({ unsizedQuotes, ...more });

describe("paper venue, unsizedQuotes 'unlimited'", () => {
  it('given a market buy of any size, then it fills all of it at the ask, exactly', () => {
    const reports = venue('unlimited').submit(newOrder({ time_in_force: 'IOC' }), UNSIZED);
    expect(reports).toStrictEqual([
      { tsEventNs: T0, report: { kind: 'accepted', order_id: ORDER_ID } },
      {
        tsEventNs: T0,
        report: {
          kind: 'fill',
          order_id: ORDER_ID,
          execution_id: paperExecutionId(ORDER_ID, 0),
          quantity: '250000',
          price: '1.32029',
          commission: '0',
          liquidity: 'taker',
        },
      },
    ]);
    expect(play(newOrder({ time_in_force: 'IOC' }), reports)).toMatchObject({
      status: 'FILLED',
      filled_quantity: '250000',
    });
  });

  it('given a market sell with slippage and commission, then it fills at the bid, priced as a sized fill', () => {
    const reports = venue('unlimited', { slippageBps: '1', commissionBps: '2' }).submit(
      newOrder({ side: 'sell' }),
      UNSIZED,
    );
    // 1.32014 × 0.9999 = 1.320007986 → floor to 5 digits 1.32000 ("1.32"); notional 330000;
    // commission 330000 × 2 / 10000 = 66
    expect(reports[1]?.report).toStrictEqual({
      kind: 'fill',
      order_id: ORDER_ID,
      execution_id: paperExecutionId(ORDER_ID, 0),
      quantity: '250000',
      price: '1.32',
      commission: '66',
      liquidity: 'taker',
    });
  });

  it('given a limit buy below the ask, then an unsized quote does not make it marketable', () => {
    const reports = venue('unlimited').submit(
      newOrder({ order_type: 'limit', limit_price: '1.32' }),
      UNSIZED,
    );
    expect(reports.map((r) => r.report.kind)).toStrictEqual(['accepted']);
  });

  it('given a resting GTC remainder, then a later unsized quote fills the rest', () => {
    const v = venue('unlimited');
    let order = newOrder({ quantity: '5' });
    order = play(
      order,
      v.submit(order, { quote: { ...UNSIZED.quote, bidSize: '9', askSize: '2' }, tsEventNs: T0 }),
    );
    expect(order).toMatchObject({ status: 'PARTIALLY_FILLED', filled_quantity: '2' });
    const later = v.onQuote(order, { quote: { bidPrice: '1.3', askPrice: '1.4' }, tsEventNs: T0 + 5n });
    expect(later.map((r) => r.report)).toMatchObject([{ kind: 'fill', quantity: '3', price: '1.4' }]);
  });
});

describe("paper venue, unsizedQuotes 'reject' (the default)", () => {
  const REASON =
    "unsized quote 1.32014 / 1.32029: no bid_size / ask_size to fill against (paper venue unsizedQuotes: 'reject')";

  for (const [name, v] of [
    ["'reject'", venue('reject')],
    ['the default', createPaperVenue()],
  ] as const) {
    it(`given ${name} and a new order on an unsized quote, then it is rejected with a reason naming the unsized quote`, () => {
      const order = newOrder({ time_in_force: 'IOC' });
      const reports = v.submit(order, UNSIZED);
      expect(reports).toStrictEqual([
        { tsEventNs: T0, report: { kind: 'rejected', order_id: ORDER_ID, reason: REASON } },
      ]);
      expect(play(order, reports)).toMatchObject({ status: 'REJECTED', filled_quantity: '0' });
    });
  }

  it('given a sized quote, then orders fill as before', () => {
    const reports = venue('reject').submit(newOrder({ quantity: '1' }), {
      quote: { ...UNSIZED.quote, bidSize: '3', askSize: '4' },
      tsEventNs: T0,
    });
    expect(reports.map((r) => r.report.kind)).toStrictEqual(['accepted', 'fill']);
  });

  it('given a resting order and a later unsized quote, then it gets no execution (and is not rejected)', () => {
    const v = venue('reject');
    let order = newOrder({ quantity: '5' });
    order = play(
      order,
      v.submit(order, { quote: { ...UNSIZED.quote, bidSize: '9', askSize: '2' }, tsEventNs: T0 }),
    );
    expect(v.onQuote(order, UNSIZED)).toStrictEqual([]);
  });

  it('refuses an unknown mode', () => {
    expect(() => createPaperVenue({ unsizedQuotes: 'maybe' as UnsizedQuotes })).toThrow(
      "unsizedQuotes must be 'unlimited' or 'reject', got maybe",
    );
  });
});
