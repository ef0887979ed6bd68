// order-router as a process: two symbols' long / short / flat signals in, exactly the orders
// and fills routeSignal computes out (one state per partition, as the service keeps it) —
// across a SIGKILL and a restart mid-stream, with no order or fill id twice.
import { type FillEvent, type OrderEvent, partitionOf, type SignalEvent } from '@tickflow/events';
import { connect, createPublisher } from '@tickflow/streams';
import {
  type EphemeralRedis,
  killServices,
  type ServiceProcess,
  startEphemeralRedis,
  waitFor,
} from '@tickflow/testkit';
import { add, createPaperVenue, formatDecimal, sub } from '@tickflow/trading';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderRouterConfig, routerSettings } from '../src/config.ts';
import { EMPTY_ROUTER_STATE, type RouterState, routeSignal } from '../src/route-signal.ts';
import { caughtUp, startRouter, storedOutputs } from './support/router.ts';
import { signalPath } from './support/signals.ts';

const NAMESPACE = 'or';
const PARTITIONS = 4;
const ENV = {
  ROUTER_MAX_POSITION: '10',
  ROUTER_LOT_SIZE: '0.01',
  ROUTER_MAX_ORDER_QTY: '15',
  ROUTER_MAX_ORDER_NOTIONAL: '1000000',
  ROUTER_PRICE_BAND_BPS: '50',
  ROUTER_PAPER_LATENCY_MS: '5',
  ROUTER_PAPER_SLIPPAGE_BPS: '1',
  ROUTER_PAPER_COMMISSION_BPS: '4',
};
const signals = [...signalPath('BTCUSDT', 150, 0), ...signalPath('ETHUSDT', 150, 9)].sort((a, b) =>
  a.ts_event < b.ts_event ? -1 : a.ts_event > b.ts_event ? 1 : 0,
);

let server: EphemeralRedis;
let redis: Redis;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = await connect({ url: server.url }, 'commands');
});
afterAll(async () => {
  await killServices(services);
  redis?.disconnect();
  await server?.stop();
});

/** What an undisturbed router emits for `signals`: one state per partition, in append order. */
function expectedOutputs(input: SignalEvent[]): (OrderEvent | FillEvent)[] {
  const config = orderRouterConfig.parse(ENV);
  const settings = routerSettings(config);
  const route = { ...settings, venue: createPaperVenue(settings.venue), commissionAsset: 'USDT' };
  const states = new Map<number, RouterState>();
  const events: (OrderEvent | FillEvent)[] = [];
  for (const signal of input) {
    const partition = partitionOf(signal.data.symbol, PARTITIONS);
    const routed = routeSignal(signal, states.get(partition) ?? EMPTY_ROUTER_STATE, 'ACTIVE', route);
    states.set(partition, routed.state);
    events.push(...routed.events);
  }
  return events;
}

const view = (e: OrderEvent | FillEvent) => ({
  id: e.id,
  type: e.type,
  ts_event: e.ts_event,
  cause: e.cause,
  data: e.data,
});
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('order-router', () => {
  it('emits exactly the expected orders and fills, once each, across a SIGKILL and a restart', async () => {
    const expected = expectedOutputs(signals);
    const orders = expected.filter((e): e is OrderEvent => e.type === 'order');
    const fills = expected.filter((e): e is FillEvent => e.type === 'fill');
    // The path covers what it should: fills, partial fills, cancels, rejections.
    expect(fills.length).toBeGreaterThan(50);
    expect(orders.filter((o) => o.data.status === 'PARTIALLY_FILLED').length).toBeGreaterThan(3);
    expect(orders.filter((o) => o.data.status === 'CANCELED').length).toBeGreaterThan(3);
    const reasons = orders.filter((o) => o.data.status === 'REJECTED').map((o) => o.data.reason ?? '');
    expect(reasons.some((r) => r.startsWith('max-order-quantity:'))).toBe(true);
    expect(reasons.some((r) => r.startsWith('price-band:'))).toBe(true);

    const publisher = createPublisher(redis, { namespace: NAMESPACE, partitions: PARTITIONS });
    await publisher.publishAll(signals.slice(0, 200));
    const first = await startRouter(server.url, NAMESPACE, PARTITIONS, ENV, services);
    await waitFor(async () => (await storedOutputs(redis, NAMESPACE, PARTITIONS)).length >= 40, {
      timeoutMs: 30_000,
      description: 'first orders',
    });
    first.child.kill('SIGKILL');
    await first.exited;

    await publisher.publishAll([...signals.slice(200), ...signals.slice(0, 20)]); // the rest, and re-published signals
    const second = await startRouter(server.url, NAMESPACE, PARTITIONS, ENV, services);
    await waitFor(async () => (await storedOutputs(redis, NAMESPACE, PARTITIONS)).length >= expected.length, {
      timeoutMs: 45_000,
      description: `all ${expected.length} orders and fills`,
    });
    await waitFor(() => caughtUp(redis, NAMESPACE, PARTITIONS), {
      timeoutMs: 30_000,
      description: 'every signal acked',
    });

    const stored = await storedOutputs(redis, NAMESPACE, PARTITIONS);
    expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length); // no id twice
    const executions = stored.flatMap((e) => (e.type === 'fill' ? [e.data.execution_id] : []));
    expect(new Set(executions).size).toBe(executions.length);
    expect(stored.map(view).sort(byId)).toEqual(expected.map(view).sort(byId));

    // Positions from the fills match each symbol's last targets, within the limit.
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      let position = '0';
      for (const fill of fills.filter((f) => f.data.symbol === symbol))
        position = formatDecimal(
          fill.data.side === 'buy' ? add(position, fill.data.quantity) : sub(position, fill.data.quantity),
        );
      expect(Math.abs(Number(position))).toBeLessThanOrEqual(10);
    }
    expect(await second.stop(), second.output().slice(-2_000)).toBe(0);
  });
});
