import { describe, expect, it } from 'vitest';
import { applyOrderEvent } from '../src/orders/apply-order-event.ts';
import type { OrderRequest, OrderState } from '../src/orders/order-state.ts';
import { createPaperVenue, paperExecutionId } from '../src/venue/paper-venue.ts';
import type { TimedVenueReport, VenueContext, VenueQuote } from '../src/venue/venue.ts';
import { given, ORDER_ID, submitted } from './order-fixtures.ts';

const QUOTE: VenueQuote = { bidPrice: '99.5', bidSize: '3', askPrice: '100.5', askSize: '4' };
const T0 = 1_700_000_000_000_000_000n;
const ctx = (quote: Partial<VenueQuote> = {}, tsEventNs = T0): VenueContext => ({
  quote: { ...QUOTE, ...quote },
  tsEventNs,
});

function newOrder(overrides: Partial<OrderRequest> = {}): OrderState {
  const order = given(submitted({ quantity: '2', ...overrides }));
  if (!order) throw new Error('no order');
  return order;
}

/** Applies the venue's reports to the order, failing on any refusal (the venue must be consistent). */
function play(order: OrderState, reports: TimedVenueReport[]): OrderState {
  let state = order;
  for (const { report } of reports) {
    const result = applyOrderEvent(state, report);
    if (!result.ok) throw result.error;
    state = result.order;
  }
  return state;
}

const kinds = (reports: TimedVenueReport[]) => reports.map((r) => r.report.kind);

describe('paper venue', () => {
  it('given a market buy within the ask size, then it is accepted and filled at the ask', () => {
    const reports = createPaperVenue().submit(newOrder(), ctx());
    expect(kinds(reports)).toEqual(['accepted', 'fill']);
    expect(reports[1]?.report).toEqual({
      kind: 'fill',
      order_id: ORDER_ID,
      execution_id: paperExecutionId(ORDER_ID, 0),
      quantity: '2',
      price: '100.5',
      commission: '0',
      liquidity: 'taker',
    });
    expect(play(newOrder(), reports).status).toBe('FILLED');
  });

  it('given a market sell, then it fills at the bid', () => {
    const reports = createPaperVenue().submit(newOrder({ side: 'sell' }), ctx());
    expect(reports[1]?.report).toMatchObject({ kind: 'fill', price: '99.5' });
  });

  it('given slippage and commission, then the price moves against the taker and commission is bps of notional', () => {
    const venue = createPaperVenue({ slippageBps: '10', commissionBps: '7.5', priceScale: 2 });
    // buy: 100.5 × 1.001 = 100.6005 → ceiling to 100.61; notional 201.22; commission 0.150915
    expect(venue.submit(newOrder(), ctx())[1]?.report).toMatchObject({
      price: '100.61',
      commission: '0.150915',
    });
    // sell: 99.5 × 0.999 = 99.4005 → floor to 99.4; notional 198.8; commission 0.1491
    expect(venue.submit(newOrder({ side: 'sell' }), ctx())[1]?.report).toMatchObject({
      price: '99.4',
      commission: '0.1491',
    });
  });

  it('rounds commission half-even to the commission scale', () => {
    const venue = createPaperVenue({ commissionBps: '1', commissionScale: 2 });
    // notional 2 × 100.5 = 201 → 0.0201 → 0.02
    expect(venue.submit(newOrder(), ctx())[1]?.report).toMatchObject({ commission: '0.02' });
  });

  it('stamps reports with the decision time plus the latency', () => {
    const reports = createPaperVenue({ latencyNs: 250_000n }).submit(newOrder(), ctx());
    expect(reports.map((r) => r.tsEventNs)).toEqual([T0 + 250_000n, T0 + 250_000n]);
  });

  it('given an IOC larger than the quoted size, then it fills the size and cancels the rest', () => {
    const order = newOrder({ quantity: '5', time_in_force: 'IOC' });
    const reports = createPaperVenue().submit(order, ctx());
    expect(kinds(reports)).toEqual(['accepted', 'partial_fill', 'canceled']);
    expect(reports[1]?.report).toMatchObject({ quantity: '4' });
    expect(play(order, reports)).toMatchObject({ status: 'CANCELED', filled_quantity: '4' });
  });

  it('given a GTC larger than the quoted size, then the rest waits for a later quote', () => {
    const venue = createPaperVenue();
    let order = newOrder({ quantity: '5' });
    order = play(order, venue.submit(order, ctx()));
    expect(order).toMatchObject({ status: 'PARTIALLY_FILLED', filled_quantity: '4' });
    const later = venue.onQuote(order, ctx({ askPrice: '101', askSize: '10' }, T0 + 1_000n));
    expect(later).toEqual([
      {
        tsEventNs: T0 + 1_000n,
        report: {
          kind: 'fill',
          order_id: ORDER_ID,
          execution_id: paperExecutionId(ORDER_ID, 1),
          quantity: '1',
          price: '101',
          commission: '0',
          liquidity: 'taker',
        },
      },
    ]);
    order = play(order, later);
    expect(order).toMatchObject({ status: 'FILLED', avg_fill_price: '100.6' }); // (4 × 100.5 + 101) / 5
  });

  it('given no size at the touch, then an IOC is canceled and a GTC rests', () => {
    const venue = createPaperVenue();
    expect(kinds(venue.submit(newOrder({ time_in_force: 'IOC' }), ctx({ askSize: '0' })))).toEqual([
      'accepted',
      'canceled',
    ]);
    expect(kinds(venue.submit(newOrder(), ctx({ askSize: '0' })))).toEqual(['accepted']);
  });

  it('given a limit buy below the ask, then it does not fill; at or above the ask, it fills at most at the limit', () => {
    const venue = createPaperVenue({ slippageBps: '100' });
    expect(kinds(venue.submit(newOrder({ order_type: 'limit', limit_price: '100.4' }), ctx()))).toEqual([
      'accepted',
    ]);
    const reports = venue.submit(newOrder({ order_type: 'limit', limit_price: '101' }), ctx());
    expect(reports[1]?.report).toMatchObject({ kind: 'fill', price: '101' }); // 100.5 × 1.01 = 101.505, capped
  });

  it('given a limit sell above the bid, then it does not fill; at the bid, it fills', () => {
    const venue = createPaperVenue();
    expect(
      kinds(venue.submit(newOrder({ side: 'sell', order_type: 'limit', limit_price: '99.6' }), ctx())),
    ).toEqual(['accepted']);
    expect(
      venue.submit(newOrder({ side: 'sell', order_type: 'limit', limit_price: '99.5' }), ctx())[1]?.report,
    ).toMatchObject({
      price: '99.5',
    });
  });

  it.each(['FOK', 'DAY'] as const)('given time in force %s, then the order is rejected', (tif) => {
    const reports = createPaperVenue().submit(newOrder({ time_in_force: tif }), ctx());
    expect(kinds(reports)).toEqual(['rejected']);
  });

  it('given a terminal order, then a new quote does nothing', () => {
    const venue = createPaperVenue();
    const order = play(newOrder(), venue.submit(newOrder(), ctx()));
    expect(venue.onQuote(order, ctx())).toEqual([]);
  });

  it('is deterministic: the same order and quote give identical reports', () => {
    const venue = createPaperVenue({ slippageBps: '3', commissionBps: '2', latencyNs: 7n });
    const order = newOrder({ quantity: '9', time_in_force: 'IOC' });
    expect(venue.submit(order, ctx())).toEqual(
      createPaperVenue({ slippageBps: '3', commissionBps: '2', latencyNs: 7n }).submit(order, ctx()),
    );
  });

  it('refuses negative options', () => {
    expect(() => createPaperVenue({ slippageBps: '-1' })).toThrow(RangeError);
  });
});
