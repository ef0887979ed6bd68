// Digests and diffs of runs: the same events in another append order give the same digest;
// one changed field changes it, and the diff names that event with both sides.
import { type AnyEvent, deriveEvent, type OrderEvent } from '@tickflow/events';
import { connect, createPublisher } from '@tickflow/streams';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffNamespaces } from '../src/digest/diff.ts';
import { digestNamespace } from '../src/digest/digest.ts';
import { spacedTick } from './support/e-ticks.ts';

let server: EphemeralRedis;
let redis: Redis;
const PARTITIONS = 3;

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = await connect({ url: server.url }, 'commands');
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

/** One order per tick, quantity `quantity(i)`, derived from the tick like the router derives them. */
function orders(count: number, quantity: (index: number) => string): OrderEvent[] {
  return Array.from({ length: count }, (_, index) => {
    const tick = spacedTick(index, 1_000_000n);
    return deriveEvent(tick, {
      type: 'order',
      scope: 'digest-test',
      ts_init: BigInt(index),
      data: {
        order_id: `o-${index}`,
        client_order_id: `c-${index}`,
        strategy_id: 'test',
        symbol: tick.key,
        side: 'buy',
        order_type: 'market',
        quantity: quantity(index),
        filled_quantity: '0',
        time_in_force: 'IOC',
        status: 'NEW',
      },
    });
  });
}

async function publish(namespace: string, events: readonly AnyEvent[]): Promise<void> {
  await createPublisher(redis, { namespace, partitions: PARTITIONS }).publishAll(events);
}

describe('digestNamespace and diffNamespaces', () => {
  it('agree on the same events published in another order, whatever their ts_init', async () => {
    const events = orders(60, () => '1');
    await publish('run-a', events);
    await publish(
      'run-b',
      [...events].reverse().map((event) => ({ ...event, ts_init: 42n })),
    );
    const [a, b] = await Promise.all([
      digestNamespace(redis, { namespace: 'run-a', partitions: PARTITIONS }),
      digestNamespace(redis, { namespace: 'run-b', partitions: PARTITIONS }),
    ]);
    expect(a.counts).toEqual({ order: 60, fill: 0 });
    expect(a.digest).toBe(b.digest);
    const diff = await diffNamespaces(
      redis,
      { namespace: 'run-a', partitions: PARTITIONS },
      { namespace: 'run-b', partitions: PARTITIONS },
    );
    expect(diff.identical).toBe(true);
  });

  it('tell one changed quantity apart, and the diff names the first divergent order with both sides', async () => {
    await publish(
      'run-c',
      orders(60, () => '1'),
    );
    await publish(
      'run-d',
      orders(60, (index) => (index >= 37 ? '2' : '1')),
    );
    const [c, d] = await Promise.all([
      digestNamespace(redis, { namespace: 'run-c', partitions: PARTITIONS }),
      digestNamespace(redis, { namespace: 'run-d', partitions: PARTITIONS }),
    ]);
    expect(c.digest).not.toBe(d.digest);
    const diff = await diffNamespaces(
      redis,
      { namespace: 'run-c', partitions: PARTITIONS },
      { namespace: 'run-d', partitions: PARTITIONS },
    );
    const order = diff.types.find((entry) => entry.type === 'order');
    expect(diff.identical).toBe(false);
    expect(order).toMatchObject({ identical: false, index: 37, leftCount: 60, rightCount: 60 });
    expect(order?.left?.data).toMatchObject({ order_id: 'o-37', quantity: '1' });
    expect(order?.right?.data).toMatchObject({ order_id: 'o-37', quantity: '2' });
  });

  it('count a duplicated event: a run with one order twice differs', async () => {
    const events = orders(5, () => '1');
    await publish('run-e', events);
    await publish('run-f', events);
    // The same order appended once more (as a faulty run would), past the publisher's dedupe.
    const again = await redis.xrange(
      createPublisher(redis, { namespace: 'run-f', partitions: PARTITIONS }).streamOf(
        events[2] as OrderEvent,
      ),
      '-',
      '+',
    );
    const copy = again.find(([, fields]) => fields.includes((events[2] as OrderEvent).id));
    await redis.xadd(
      createPublisher(redis, { namespace: 'run-f', partitions: PARTITIONS }).streamOf(
        events[2] as OrderEvent,
      ),
      '*',
      ...(copy?.[1] ?? []),
    );
    const diff = await diffNamespaces(
      redis,
      { namespace: 'run-e', partitions: PARTITIONS },
      { namespace: 'run-f', partitions: PARTITIONS },
    );
    expect(diff.types.find((entry) => entry.type === 'order')).toMatchObject({
      identical: false,
      leftCount: 5,
      rightCount: 6,
    });
  });
});
