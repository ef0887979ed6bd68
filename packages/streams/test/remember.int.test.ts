// context.remember / isRemembered: an id applied once is never applied again on this
// partition, whatever is redelivered or re-published — no dedupe window — and it is saved
// in the same atomic step as the ack, so a crash between effect and ack cannot split them.
import { createEvent, partitionKeys } from '@tickflow/events';
import { startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { connect, createConsumer, createPublisher } from '../src/index.ts';

const trade = (n: number, tradeId: string) =>
  createEvent({
    type: 'market_data',
    ts_event: BigInt(n),
    data: {
      kind: 'trade',
      symbol: 'AAA',
      venue: 'v',
      price: '1',
      size: '1',
      aggressor_side: 'buy',
      trade_id: tradeId,
    },
  });

describe('remembered ids', () => {
  it('apply an effect once per id, within a batch, across batches and across consumers', async () => {
    const server = await startEphemeralRedis();
    const redis = await connect({ url: server.url }, 'commands');
    // Every event is new (fresh ids, no publish dedupe): only trade_id repeats.
    const publisher = createPublisher(redis, { namespace: 'rm', partitions: 1, dedupeWindowMs: 0 });
    const applied: string[] = [];
    let handled = 0;
    const start = async () => {
      const consumer = createConsumer({
        connection: { url: server.url },
        namespace: 'rm',
        partitions: 1,
        group: 'g',
      });
      consumer.on('market_data', async (event, context) => {
        handled++;
        const tradeId = event.data.kind === 'trade' ? (event.data.trade_id ?? '') : '';
        if (await context.isRemembered(tradeId)) return;
        applied.push(tradeId);
        context.remember(tradeId);
      });
      await consumer.start();
      return consumer;
    };
    try {
      await publisher.publishAll([
        trade(1, 'x1'),
        trade(2, 'x2'),
        trade(3, 'x1'),
        trade(4, 'x3'),
        trade(5, 'x2'),
      ]);
      const first = await start();
      await waitFor(() => handled === 5, { timeoutMs: 15_000, description: 'first five handled' });
      await first.stop();

      await publisher.publishAll([trade(6, 'x3'), trade(7, 'x4'), trade(8, 'x1')]);
      const second = await start();
      await waitFor(() => handled === 8, { timeoutMs: 15_000, description: 'all eight handled' });
      await second.stop();

      expect(applied).toEqual(['x1', 'x2', 'x3', 'x4']);
      expect((await redis.smembers(partitionKeys('rm', 'market_data', 0).remembered('g'))).sort()).toEqual([
        'x1',
        'x2',
        'x3',
        'x4',
      ]);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});
