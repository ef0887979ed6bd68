// The README's flow, through the package entry point: signal → sizing → risk → paper venue
// → order state → position.
import { describe, expect, it } from 'vitest';
import {
  applyFill,
  applyOrderEvent,
  checkRisk,
  createPaperVenue,
  EMPTY_RATE_LIMITER,
  flatPosition,
  type OrderState,
  type Position,
  type RiskLimits,
  recordOrder,
  sizeOrder,
  unrealizedPnl,
} from '../src/index.ts';

describe('public API: one signal to a position', () => {
  it('sizes, checks, routes to the paper venue and books the fill', () => {
    const quote = { bidPrice: '99.9', bidSize: '5', askPrice: '100.1', askSize: '5' };
    const tsEventNs = 1_700_000_000_000_000_000n;
    const sizing = sizeOrder({
      signal: 'long',
      strength: '0.5',
      currentPosition: '0',
      maxPosition: '4',
      lotSize: '0.1',
    });
    expect(sizing).toEqual({ targetPosition: '2', order: { side: 'buy', quantity: '2' } });
    if (!sizing.order) return;

    const limits: RiskLimits = {
      maxOrderQuantity: '10',
      maxOrderNotional: '5000',
      maxAbsPosition: '20',
      priceBandBps: '50',
      rateLimit: { maxOrders: 10, windowNs: 1_000_000_000n },
    };
    const intent = { symbol: 'BTC-USD', ...sizing.order, orderType: 'market' as const, tsEventNs };
    const context = {
      position: '0',
      referencePrice: '100.1',
      quote,
      rateLimiter: EMPTY_RATE_LIMITER,
      killSwitch: 'ACTIVE' as const,
    };
    expect(checkRisk(intent, context, limits)).toEqual({ ok: true });
    const rateLimiter = recordOrder(context.rateLimiter, tsEventNs, limits.rateLimit);
    expect(rateLimiter.sentAtNs).toEqual([String(tsEventNs)]);

    const submitted = applyOrderEvent(undefined, {
      kind: 'submitted',
      order: {
        order_id: 'o-1',
        client_order_id: 'c-1',
        symbol: 'BTC-USD',
        side: 'buy',
        quantity: '2',
        order_type: 'market',
        time_in_force: 'IOC',
      },
    });
    if (!submitted.ok) throw submitted.error;
    let order: OrderState = submitted.order;
    let position: Position = flatPosition('BTC-USD');
    const venue = createPaperVenue({
      slippageBps: '2',
      commissionBps: '5',
      latencyNs: 1_000_000n,
      priceScale: 2,
    });
    for (const { report } of venue.submit(order, { quote, tsEventNs })) {
      const next = applyOrderEvent(order, report);
      if (!next.ok) throw next.error;
      order = next.order;
      if (report.kind === 'fill' || report.kind === 'partial_fill')
        position = applyFill(position, { symbol: order.symbol, side: order.side, ...report });
    }
    // 100.1 × 1.0002 = 100.12002 → 100.13 (ceiling); commission 5 bps of 200.26 = 0.10013
    expect(order).toMatchObject({ status: 'FILLED', avg_fill_price: '100.13', commission: '0.10013' });
    expect(position).toMatchObject({ quantity: '2', costBasis: '200.26', commissions: '0.10013' });
    expect(unrealizedPnl(position, '100.5')).toBe('0.74');
  });
});
