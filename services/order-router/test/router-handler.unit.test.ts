// The router keeps one book per strategy, so how two strategies' signals happen to
// interleave on a partition never changes the orders and fills: the same ticks give the
// same output on every run. (The context is a small fake of our own HandlerContext.)
import { type AnyEvent, createEvent, derivedEventId, type SignalEvent } from '@tickflow/events';
import type { Logger } from '@tickflow/service';
import type { HandlerContext } from '@tickflow/streams';
import { createPaperVenue } from '@tickflow/trading';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { RouteSettings } from '../src/route-signal.ts';
import { riskRejectionsCounter, routerHandler } from '../src/router-handler.ts';

const settings: RouteSettings = {
  maxPosition: '2',
  lotSize: '0.001',
  limits: {
    maxOrderQuantity: '10',
    maxOrderNotional: '1000000',
    maxAbsPosition: '2',
    priceBandBps: '100',
    rateLimit: { maxOrders: 100, windowNs: 1_000_000_000n },
  },
  venue: createPaperVenue({ slippageBps: '1', commissionBps: '4', latencyNs: 1_000_000n }),
  commissionAsset: 'USDT',
};

function signal(strategy: string, n: number, side: 'long' | 'short' | 'flat'): SignalEvent {
  return createEvent({
    type: 'signal',
    id: derivedEventId({ scope: 'interleave', cause: strategy, index: n }),
    ts_event: BigInt(n) * 1_000_000n,
    ts_init: BigInt(n) * 1_000_000n,
    data: {
      symbol: 'BTCUSDT',
      signal: side,
      strength: '1',
      strategy_id: strategy,
      reason: 'test',
      quote: { bid_price: '100', bid_size: '50', ask_price: '100.1', ask_size: '50' },
    },
  });
}

async function route(signals: readonly SignalEvent[]): Promise<string[]> {
  let state: unknown;
  const published: AnyEvent[] = [];
  const handler = routerHandler({
    settings,
    killSwitch: () => 'ACTIVE',
    rejections: riskRejectionsCounter(new Registry()),
    logger: { info: () => undefined, error: () => undefined } as unknown as Logger,
  });
  for (const event of signals) {
    const context = {
      state: { get: () => state, set: (value: unknown) => (state = value) },
      publishAll: async (out: readonly AnyEvent[]) => {
        published.push(...out);
        return out.map(() => ({ stream: 's', entryId: '0-1', duplicate: false }));
      },
    } as unknown as HandlerContext;
    await handler(event, context);
  }
  // ts_init is when the router made the event (wall clock); everything else must match.
  return published
    .map(({ ts_init: _madeAt, ...event }) =>
      JSON.stringify(event, (_, v) => (typeof v === 'bigint' ? String(v) : v)),
    )
    .sort();
}

describe('order-router books', () => {
  it('given two strategies’ signals interleaved differently, then the orders and fills are the same', async () => {
    const a = [signal('alpha', 1, 'long'), signal('alpha', 3, 'short'), signal('alpha', 5, 'flat')];
    const b = [signal('beta', 2, 'short'), signal('beta', 4, 'long'), signal('beta', 6, 'short')];
    const one = await route([a[0], b[0], a[1], b[1], a[2], b[2]] as SignalEvent[]);
    const other = await route([b[0], b[1], a[0], b[2], a[1], a[2]] as SignalEvent[]);
    expect(one.length).toBeGreaterThan(6);
    expect(other).toEqual(one);
  });
});
