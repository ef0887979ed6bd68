// routeSignal on its own: exact orders and fills for known signals, partial fill + IOC
// cancel, risk rejections naming their rules, the kill switch modes and the rate limit.
import { createPaperVenue } from '@tickflow/trading';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_ROUTER_STATE,
  type RouterState,
  type RouteSettings,
  routeSignal,
} from '../src/route-signal.ts';
import { MS, type SignalSpec, signalEvent, T0 } from './support/signals.ts';

const settings: RouteSettings = {
  maxPosition: '4',
  lotSize: '0.1',
  limits: {
    maxOrderQuantity: '5',
    maxOrderNotional: '700',
    maxAbsPosition: '4',
    priceBandBps: '50',
    rateLimit: { maxOrders: 3, windowNs: 1_000n * MS },
  },
  venue: createPaperVenue({ slippageBps: '2', commissionBps: '5', latencyNs: 1n * MS }),
  commissionAsset: 'USDT',
};
const base: SignalSpec = {
  symbol: 'BTCUSDT',
  signal: 'long',
  strength: '0.5',
  bid: '99.9',
  ask: '100.1',
  n: 0,
};
const summary = (routed: ReturnType<typeof routeSignal>) =>
  routed.events.map((e) =>
    e.type === 'order'
      ? `order ${e.data.status} ${e.data.filled_quantity}/${e.data.quantity}`
      : `fill ${e.data.side} ${e.data.quantity} @ ${e.data.price} fee ${e.data.commission}`,
  );

describe('routeSignal', () => {
  it('sizes, fills at the ask with slippage and commission, and updates the position', () => {
    const signal = signalEvent(base);
    const routed = routeSignal(signal, EMPTY_ROUTER_STATE, 'ACTIVE', settings);
    // target 4 × 0.5 = 2; buy 2 at 100.1 × 1.0002 → 100.2 (rounded up); fee 200.4 × 5 bps.
    expect(summary(routed)).toEqual([
      'order NEW 0/2',
      'order ACCEPTED 0/2',
      'order FILLED 2/2',
      'fill buy 2 @ 100.2 fee 0.1002',
    ]);
    expect(routed.events[0]?.data).toMatchObject({
      order_id: `ord-${signal.id}`,
      client_order_id: `cl-${signal.id}`,
    });
    expect(routed.events[3]?.data).toMatchObject({ execution_id: `ord-${signal.id}-x0`, venue: 'paper' });
    expect(routed.events.map((e) => e.ts_event)).toEqual([T0, T0 + MS, T0 + MS, T0 + MS]);
    expect(routed.state.positions.BTCUSDT?.quantity).toBe('2');
    expect(routed.state.orders).toEqual({});
    // Deterministic: the same input gives the same ids.
    const again = routeSignal(signal, EMPTY_ROUTER_STATE, 'ACTIVE', settings);
    expect(again.events.map((e) => e.id)).toEqual(routed.events.map((e) => e.id));
    // Already at the target: nothing.
    expect(routeSignal(signalEvent({ ...base, n: 1 }), routed.state, 'ACTIVE', settings).events).toEqual([]);
  });

  it('fills an order larger than the quoted size partially and cancels the rest', () => {
    const routed = routeSignal(
      signalEvent({ ...base, strength: '1', size: '3' }),
      EMPTY_ROUTER_STATE,
      'ACTIVE',
      settings,
    );
    expect(summary(routed)).toEqual([
      'order NEW 0/4',
      'order ACCEPTED 0/4',
      'order PARTIALLY_FILLED 3/4',
      'fill buy 3 @ 100.2 fee 0.1503',
      'order CANCELED 3/4',
    ]);
    expect(routed.state.positions.BTCUSDT?.quantity).toBe('3');
  });

  it('rejects with every failing rule named and leaves the state alone', () => {
    const long = routeSignal(
      signalEvent({ ...base, strength: '1' }),
      EMPTY_ROUTER_STATE,
      'ACTIVE',
      settings,
    ).state;
    // From +4 to −4: sell 8 > 5 (max order quantity); 8 × 99.9 > 700 (max notional).
    const flip = routeSignal(
      signalEvent({ ...base, signal: 'short', strength: '1', n: 1 }),
      long,
      'ACTIVE',
      settings,
    );
    expect(flip.rejections.map((r) => r.rule)).toEqual(['max-order-quantity', 'max-order-notional']);
    expect(summary(flip)).toEqual(['order REJECTED 0/8']);
    expect(flip.events[0]?.type === 'order' && flip.events[0].data.reason).toMatch(
      /^max-order-quantity: .*; max-order-notional: /,
    );
    expect(flip.state).toBe(long);
    const wide = routeSignal(
      signalEvent({ ...base, bid: '98', ask: '102', n: 2 }),
      EMPTY_ROUTER_STATE,
      'ACTIVE',
      settings,
    );
    expect(wide.rejections.map((r) => r.rule)).toEqual(['price-band']);
  });

  it('applies the kill switch: HALTED refuses all, REDUCING only reductions', () => {
    const halted = routeSignal(signalEvent(base), EMPTY_ROUTER_STATE, 'HALTED', settings);
    expect(halted.rejections.map((r) => r.rule)).toEqual(['kill-switch']);
    const long = routeSignal(signalEvent(base), EMPTY_ROUTER_STATE, 'ACTIVE', settings).state;
    const more = routeSignal(signalEvent({ ...base, strength: '1', n: 1 }), long, 'REDUCING', settings);
    expect(more.rejections.map((r) => r.rule)).toEqual(['kill-switch']);
    const flat = routeSignal(signalEvent({ ...base, signal: 'flat', n: 2 }), long, 'REDUCING', settings);
    expect(summary(flat).at(-1)).toBe('fill sell 2 @ 99.8 fee 0.0998');
    expect(flat.state.positions.BTCUSDT?.quantity).toBe('0');
  });

  it('limits orders per window of event time', () => {
    let state: RouterState = EMPTY_ROUTER_STATE;
    const rules: string[][] = [];
    for (let n = 0; n < 5; n++) {
      const side = n % 2 === 0 ? 'long' : 'short';
      const signal = signalEvent({ ...base, signal: side, strength: n === 4 ? '1' : '0.5', n }); // 100 ms apart
      const routed = routeSignal(signal, state, 'ACTIVE', settings);
      rules.push(routed.rejections.map((r) => r.rule));
      state = routed.state;
    }
    expect(rules).toEqual([[], [], [], ['order-rate'], ['order-rate']]);
  });
});
