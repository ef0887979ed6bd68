// Many ids remembered at once: the ack and the dead-letter move hand them to Redis in slices
// (Lua's unpack fails past ~8,000 values), so a batch that remembers more is still saved.
import { createEvent, type MarketDataEvent } from '@tickflow/events';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createConsumer, createPublisher } from '../src/index.ts';

const MANY = 12_000;

const trade = (n: number): MarketDataEvent =>
  createEvent({
    type: 'market_data',
    ts_event: BigInt(n),
    data: { kind: 'trade', symbol: 'AAA', venue: 'v', price: '1', size: '1', aggressor_side: 'buy' },
  });

let server: EphemeralRedis;
let redis: Redis;
beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = await connect({ url: server.url }, 'commands');
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

describe(`remembering ${MANY} ids in one batch`, () => {
  it('given a handler that remembers them, then the ack saves them all and nothing stays pending', async () => {
    const namespace = 'rmany1';
    await createPublisher(redis, { namespace, partitions: 1 }).publish(trade(1));
    const consumer = createConsumer({
      connection: { url: server.url },
      namespace,
      partitions: 1,
      group: 'g',
    });
    consumer.on('market_data', (event, context) => {
      for (let i = 0; i < MANY; i++) context.remember(`${event.id}:${i}`);
    });
    await consumer.start();
    try {
      await waitFor(async () => (await redis.scard(`tf:{${namespace}:md:0}:seen:g`)) === MANY, {
        timeoutMs: 20_000,
        description: `${MANY} ids remembered`,
      });
      await waitFor(async () => (await redis.xpending(`tf:{${namespace}:md:0}`, 'g'))[0] === 0, {
        timeoutMs: 20_000,
        description: 'nothing pending',
      });
    } finally {
      await consumer.stop();
    }
  });

  it('given an entry dead-lettered after a handler remembered them, then the move saves them all', async () => {
    const namespace = 'rmany2';
    const stream = `tf:{${namespace}:md:0}`;
    await createPublisher(redis, { namespace, partitions: 1 }).publish(trade(1));
    const consumer = createConsumer({
      connection: { url: server.url },
      namespace,
      partitions: 1,
      group: 'g',
      maxDeliveries: 1,
    });
    consumer
      .on('market_data', (event, context) => {
        for (let i = 0; i < MANY; i++) context.remember(`${event.id}:${i}`);
      })
      .on('market_data', () => {
        throw new Error('poison');
      });
    await consumer.start();
    try {
      await waitFor(async () => (await redis.xlen(`${stream}:dlq`)) === 1, {
        timeoutMs: 20_000,
        description: 'the entry dead-lettered',
      });
      expect(await redis.scard(`${stream}:seen:g`)).toBe(MANY);
      expect((await redis.xpending(stream, 'g'))[0]).toBe(0);
    } finally {
      await consumer.stop();
    }
  });
});
