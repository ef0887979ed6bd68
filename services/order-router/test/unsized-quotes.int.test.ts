// order-router as a process, once per ROUTER_UNSIZED_QUOTES mode: a signal whose quote has no
// sizes, published through Redis, comes out as a REJECTED order naming the unsized quote
// (default) or as a fill of the whole order at the ask ('unlimited').
import type { FillEvent, OrderEvent } from '@tickflow/events';
import { connect, createPublisher } from '@tickflow/streams';
import {
  type EphemeralRedis,
  killServices,
  type ServiceProcess,
  startEphemeralRedis,
  waitFor,
} from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caughtUp, startRouter, storedOutputs } from './support/router.ts';
import { unsizedSignal } from './support/unsized-signal.ts';

const PARTITIONS = 2;
const ENV = { ROUTER_MAX_POSITION: '250000', ROUTER_MAX_ORDER_QTY: '1000000' };

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

/** Routes one unsized-quote signal through a router started with `env`; returns its outputs. */
async function routeOne(namespace: string, env: Record<string, string>): Promise<(OrderEvent | FillEvent)[]> {
  await createPublisher(redis, { namespace, partitions: PARTITIONS }).publishAll([unsizedSignal()]);
  await startRouter(server.url, namespace, PARTITIONS, { ...ENV, ...env }, services);
  await waitFor(() => caughtUp(redis, namespace, PARTITIONS), {
    timeoutMs: 30_000,
    description: 'signal acked',
  });
  return storedOutputs(redis, namespace, PARTITIONS);
}

const summary = (events: (OrderEvent | FillEvent)[]) =>
  events.map((e) =>
    e.type === 'order'
      ? `order ${e.data.status} ${e.data.filled_quantity}/${e.data.quantity}${e.data.reason ? ` ${e.data.reason}` : ''}`
      : `fill ${e.data.side} ${e.data.quantity} @ ${e.data.price}`,
  );

describe('order-router on a signal with an unsized quote', () => {
  it('given ROUTER_UNSIZED_QUOTES unset (reject), then the order is REJECTED with a reason naming the unsized quote', async () => {
    const out = await routeOne('unsized-reject', {});
    expect(summary(out)).toStrictEqual([
      'order NEW 0/250000',
      "order REJECTED 0/250000 unsized quote 1.32014 / 1.32029: no bid_size / ask_size to fill against (paper venue unsizedQuotes: 'reject')",
    ]);
  });

  it('given ROUTER_UNSIZED_QUOTES=unlimited, then the whole order fills at the ask', async () => {
    const out = await routeOne('unsized-unlimited', { ROUTER_UNSIZED_QUOTES: 'unlimited' });
    expect(summary(out)).toStrictEqual([
      'order NEW 0/250000',
      'order ACCEPTED 0/250000',
      'order FILLED 250000/250000',
      'fill buy 250000 @ 1.32029',
    ]);
  });
});
