// ROUTER_UNSIZED_QUOTES from the environment to the venue: a signal whose quote has no sizes
// (MarketData v3, FX tick data) is rejected by default, with a reason naming the unsized
// quote, or filled whole at the touch with 'unlimited'.
import { createPaperVenue } from '@tickflow/trading';
import { describe, expect, it } from 'vitest';
import { orderRouterConfig, routerSettings } from '../src/config.ts';
import { EMPTY_ROUTER_STATE, type RouteSettings, routeSignal } from '../src/route-signal.ts';
import { unsizedSignal } from './support/unsized-signal.ts';

function settingsFor(env: Record<string, string>): RouteSettings {
  const settings = routerSettings(
    orderRouterConfig.parse({ ROUTER_MAX_POSITION: '250000', ROUTER_MAX_ORDER_QTY: '1000000', ...env }),
  );
  return { ...settings, venue: createPaperVenue(settings.venue), commissionAsset: 'USD' };
}

const summary = (routed: ReturnType<typeof routeSignal>) =>
  routed.events.map((e) =>
    e.type === 'order'
      ? `order ${e.data.status} ${e.data.filled_quantity}/${e.data.quantity}${e.data.reason ? ` ${e.data.reason}` : ''}`
      : `fill ${e.data.side} ${e.data.quantity} @ ${e.data.price}`,
  );

describe('ROUTER_UNSIZED_QUOTES', () => {
  it('given nothing set, then it is reject', () => {
    expect(orderRouterConfig.parse({}).ROUTER_UNSIZED_QUOTES).toBe('reject');
    expect(routerSettings(orderRouterConfig.parse({})).venue.unsizedQuotes).toBe('reject');
  });

  it('given a value that is not a mode, then the config error names both modes', () => {
    const parsed = orderRouterConfig.safeParse({ ROUTER_UNSIZED_QUOTES: 'fill' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['ROUTER_UNSIZED_QUOTES'],
      message: 'expected "unlimited" or "reject"',
    });
  });

  it('given reject (the default), then a signal on an unsized quote gives one REJECTED order naming it', () => {
    const routed = routeSignal(unsizedSignal(), EMPTY_ROUTER_STATE, 'ACTIVE', settingsFor({}));
    expect(summary(routed)).toStrictEqual([
      'order NEW 0/250000',
      "order REJECTED 0/250000 unsized quote 1.32014 / 1.32029: no bid_size / ask_size to fill against (paper venue unsizedQuotes: 'reject')",
    ]);
    expect(routed.state.positions.EURUSD?.quantity).toBe('0');
  });

  it('given unlimited, then a signal on an unsized quote fills its whole size at the ask', () => {
    const routed = routeSignal(
      unsizedSignal(),
      EMPTY_ROUTER_STATE,
      'ACTIVE',
      settingsFor({ ROUTER_UNSIZED_QUOTES: 'unlimited' }),
    );
    expect(summary(routed)).toStrictEqual([
      'order NEW 0/250000',
      'order ACCEPTED 0/250000',
      'order FILLED 250000/250000',
      'fill buy 250000 @ 1.32029',
    ]);
    expect(routed.state.positions.EURUSD?.quantity).toBe('250000');
  });
});
