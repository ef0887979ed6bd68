// Many ids remembered at once: the ack and the dead-letter move hand them to Redis in slices
// (Lua's unpack fails past ~8,000 values), so a batch that remembers more is still saved.
import { createEvent, type MarketDataEvent, partitionKeys } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { createConsumer, createPublisher } from '../src/index.ts';
import { redisForThisFile } from './support/redis-per-file.ts';

const MANY = 12_000;

const trade = (n: number): MarketDataEvent =>
  createEvent({
    type: 'market_data',
    ts_event: BigInt(n),
    data: { kind: 'trade', symbol: 'AAA', venue: 'v', price: '1', size: '1', aggressor_side: 'buy' },
  });

const file = redisForThisFile();

/** A consumer of a one-partition namespace holding one trade; its first handler remembers MANY ids. */
async function consumerOfOneTrade(namespace: string, options: { maxDeliveries?: number } = {}) {
  await createPublisher(file.redis, { namespace, partitions: 1 }).publish(trade(1));
  const consumer = createConsumer({
    connection: { url: file.server.url },
    namespace,
    partitions: 1,
    group: 'g',
    ...options,
  });
  return consumer.on('market_data', (event, context) => {
    for (let i = 0; i < MANY; i++) context.remember(`${event.id}:${i}`);
  });
}

describe(`remembering ${MANY} ids in one batch`, () => {
  it('given a handler that remembers them, then the ack saves them all and nothing stays pending', async () => {
    const namespace = 'rmany1';
    const consumer = await consumerOfOneTrade(namespace);
    await consumer.start();
    try {
      await waitFor(
        async () =>
          (await file.redis.scard(partitionKeys(namespace, 'market_data', 0).remembered('g'))) === MANY,
        {
          timeoutMs: 20_000,
          description: `${MANY} ids remembered`,
        },
      );
      await waitFor(
        async () =>
          (await file.redis.xpending(partitionKeys(namespace, 'market_data', 0).stream, 'g'))[0] === 0,
        {
          timeoutMs: 20_000,
          description: 'nothing pending',
        },
      );
    } finally {
      await consumer.stop();
    }
  });

  it('given an entry dead-lettered after the one that remembered them, then the move saves them all, and none of its own', async () => {
    const namespace = 'rmany2';
    const stream = partitionKeys(namespace, 'market_data', 0).stream;
    // Two trades, read in one batch: the first remembers MANY ids; on the second a later
    // handler fails for good, so it is moved with the first's work and without its own.
    const poison = trade(2);
    const consumer = (await consumerOfOneTrade(namespace, { maxDeliveries: 1 })).on(
      'market_data',
      (event) => {
        if (event.id === poison.id) throw new Error('poison');
      },
    );
    // Appended after the first (which consumerOfOneTrade published), before the consumer runs.
    await createPublisher(file.redis, { namespace, partitions: 1 }).publish(poison);
    await consumer.start();
    try {
      await waitFor(async () => (await file.redis.xlen(`${stream}:dlq`)) === 1, {
        timeoutMs: 20_000,
        description: 'the second entry dead-lettered',
      });
      const seen = await file.redis.smembers(`${stream}:seen:g`);
      expect(seen.length).toBe(MANY);
      expect(seen.filter((id) => id.startsWith(`${poison.id}:`))).toEqual([]);
      expect((await file.redis.xpending(stream, 'g'))[0]).toBe(0);
    } finally {
      await consumer.stop();
    }
  });
});
