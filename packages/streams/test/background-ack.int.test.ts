// A batch's ack runs in the background while the partition reads and handles the next one.
// Whatever an observer sees in Redis at any moment, the checkpoint's state must be exactly
// the state after its last acked entry (never a later entry's change), and nothing may stay
// pending at the end — here with handlers that change the state, then await a publish on
// the connection the acks use.
import { deriveEvent, partitionKeys } from '@tickflow/events';
import { startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { connect, createConsumer, createPublisher } from '../src/index.ts';
import { checkpointOf, pendingCount, readStream } from './support/stream-inspect.ts';
import { tick } from './support/ticks.ts';

const EVENTS = 600;

describe('acks in the background', () => {
  it('keep the saved state and checkpoint in step at every moment, and ack everything in the end', async () => {
    const server = await startEphemeralRedis();
    const redis = await connect({ url: server.url }, 'commands');
    const keys = partitionKeys('bg', 'market_data', 0);
    const consumer = createConsumer({
      connection: { url: server.url },
      namespace: 'bg',
      partitions: 1,
      group: 'g',
      batchSize: 7,
    });
    let handled = 0;
    consumer.on('market_data', async (event, context) => {
      // The state changes before the handler is done: an ack captured mid-handler would
      // save this change with a checkpoint that does not include this entry. The publish
      // shares the consumer's connection with the acks, so acks complete mid-handler.
      context.state.set((context.state.get<number>() ?? 0) + 1);
      await context.publish(
        deriveEvent(event, {
          type: 'signal',
          scope: 'background-ack-test',
          data: {
            symbol: event.key,
            signal: 'long',
            strength: '1',
            strategy_id: 'test',
            reason: 'test',
            quote: { bid_price: '1', bid_size: '1', ask_price: '2', ask_size: '1' },
          },
        }),
      );
      handled++;
    });
    const seen: { last: string; state: number }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { last, state } = await checkpointOf(redis, keys.checkpoint('g'));
        if (last !== null) seen.push({ last, state: state as number });
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    try {
      const publisher = createPublisher(redis, { namespace: 'bg', partitions: 1 });
      await consumer.start();
      for (let n = 0; n < EVENTS; n += 50) {
        await publisher.publishAll(Array.from({ length: 50 }, (_, k) => tick('AAA', n + k)));
      }
      await waitFor(() => handled === EVENTS, { timeoutMs: 30_000, description: 'every event handled' });
      await consumer.stop();
      sampling = false;
      await sampler;

      const ids = (await readStream(redis, keys.stream)).map((entry) => entry.id);
      const position = new Map(ids.map((id, index) => [id, index + 1]));
      expect(seen.length).toBeGreaterThan(0);
      for (const { last, state } of seen)
        expect(state, `state saved with checkpoint ${last}`).toBe(position.get(last));
      expect(await checkpointOf(redis, keys.checkpoint('g'))).toStrictEqual({
        last: ids.at(-1),
        state: EVENTS,
      });
      expect(await pendingCount(redis, keys.stream, 'g')).toBe(0);
    } finally {
      sampling = false;
      await sampler;
      await consumer.stop();
      redis.disconnect();
      await server.stop();
    }
  });
});
