// The kill switch and risk rejections through the process: a rejection names its rule and
// is counted on /metrics; PUT HALTED (operator token only) refuses later signals; a restart
// stays HALTED (the state is in Redis and start-up only writes ACTIVE when the key is missing).
import type { OrderEvent } from '@tickflow/events';
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
import { killSwitchKey } from '../src/kill-switch.ts';
import { orderIdOf } from '../src/route-signal.ts';
import { rejectionsMetric, startRouter, storedOutputs } from './support/router.ts';
import { type SignalSpec, signalEvent } from './support/signals.ts';

const NAMESPACE = 'ks';
const PARTITIONS = 2;
const READ_TOKEN = 'order-router-read-token';
const OPERATOR_TOKEN = 'order-router-operator-token';
const ENV = {
  ROUTER_MAX_POSITION: '10',
  ROUTER_LOT_SIZE: '1',
  ROUTER_MAX_ORDER_QTY: '5',
  API_READ_TOKEN: READ_TOKEN,
  API_OPERATOR_TOKEN: OPERATOR_TOKEN,
};
const base: SignalSpec = {
  symbol: 'BTCUSDT',
  signal: 'long',
  strength: '0.3',
  bid: '99.99',
  ask: '100.01',
  n: 0,
};

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

/** Publishes the signal and resolves with its order's final event. */
async function route(spec: SignalSpec): Promise<OrderEvent['data']> {
  const signal = signalEvent(spec);
  await createPublisher(redis, { namespace: NAMESPACE, partitions: PARTITIONS }).publish(signal);
  const orderId = orderIdOf(signal.id);
  const final = new Set(['FILLED', 'CANCELED', 'REJECTED', 'EXPIRED']);
  return waitFor(
    async () =>
      (await storedOutputs(redis, NAMESPACE, PARTITIONS)).find(
        (e): e is OrderEvent => e.type === 'order' && e.data.order_id === orderId && final.has(e.data.status),
      )?.data,
    { timeoutMs: 20_000, description: `the final state of signal ${spec.n}'s order` },
  );
}

/** GET the kill switch (with the read token), or PUT a state (with the operator token unless told). */
async function killSwitch(
  http: string,
  state?: string,
  token: string = state === undefined ? READ_TOKEN : OPERATOR_TOKEN,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${http}/kill-switch`, {
    method: state === undefined ? 'GET' : 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(state === undefined ? {} : { body: JSON.stringify({ state }) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('order-router kill switch and risk rejections', () => {
  it('rejects by rule, counts it, halts through the API and stays halted across a restart', async () => {
    const first = await startRouter(server.url, NAMESPACE, PARTITIONS, ENV, services);
    expect((await killSwitch(first.http)).body).toEqual({ state: 'ACTIVE' });
    expect(await redis.get(killSwitchKey(NAMESPACE))).toBe('ACTIVE');

    expect(await route(base)).toMatchObject({ status: 'FILLED', side: 'buy', filled_quantity: '3' });
    // 3 → 10: buy 7 > max order quantity 5.
    const tooBig = await route({ ...base, strength: '1', n: 1 });
    expect(tooBig).toMatchObject({ status: 'REJECTED', quantity: '7', filled_quantity: '0' });
    expect(tooBig.reason).toMatch(/^max-order-quantity: /);
    expect(await rejectionsMetric(first.http, 'max-order-quantity')).toBe(1);
    expect(await rejectionsMetric(first.http, 'kill-switch')).toBe(0);

    const paused = await killSwitch(first.http, 'PAUSED');
    expect(paused).toMatchObject({ status: 400, body: { errors: [{ parameter: 'state' }] } });
    expect(await killSwitch(first.http, 'HALTED', READ_TOKEN)).toMatchObject({ status: 403 });
    expect(await killSwitch(first.http, 'HALTED', 'not-the-operator-token')).toMatchObject({ status: 401 });
    expect(await redis.get(killSwitchKey(NAMESPACE))).toBe('ACTIVE');
    expect(await killSwitch(first.http, 'HALTED')).toEqual({
      status: 200,
      body: { state: 'HALTED', previous: 'ACTIVE' },
    });
    // The audit trail: who set it.
    expect(await first.waitForLog('kill switch set through the API')).toMatchObject({
      state: 'HALTED',
      previous: 'ACTIVE',
      caller: 'operator',
    });
    const halted = await route({ ...base, signal: 'flat', n: 2 });
    expect(halted).toMatchObject({ status: 'REJECTED', side: 'sell', quantity: '3' });
    expect(halted.reason).toMatch(/^kill-switch: /);
    expect(await rejectionsMetric(first.http, 'kill-switch')).toBe(1);
    expect(await first.stop(), first.output().slice(-2_000)).toBe(0);

    // A restart never clears it.
    const second = await startRouter(server.url, NAMESPACE, PARTITIONS, ENV, services);
    expect((await killSwitch(second.http)).body).toEqual({ state: 'HALTED' });
    expect(await redis.get(killSwitchKey(NAMESPACE))).toBe('HALTED');
    expect((await route({ ...base, signal: 'flat', n: 3 })).reason).toMatch(/^kill-switch: /);

    // Set in Redis by another instance: GET re-reads it (and the poll would, within 1 s).
    await redis.set(killSwitchKey(NAMESPACE), 'REDUCING');
    expect((await killSwitch(second.http)).body).toEqual({ state: 'REDUCING' });
    expect(await route({ ...base, signal: 'flat', n: 4 })).toMatchObject({ status: 'FILLED', side: 'sell' });
    expect(await route({ ...base, signal: 'short', n: 5 })).toMatchObject({ status: 'REJECTED' });
    expect(await second.stop(), second.output().slice(-2_000)).toBe(0);
  });
});
