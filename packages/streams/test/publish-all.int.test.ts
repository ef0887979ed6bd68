// context.publishAll: a handler's derived events in one round trip, each stream's in order.
// A handler that fails after publishing (so its entry, and the entries of its batch before
// it, are handled again) publishes the same ids again: each stream still ends with every
// event once, in the order given.
import { type AnyEvent, createEvent, deriveEvent, type MarketDataEvent, partitionOf } from '@tickflow/events';
import { startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { connect, createConsumer, createPublisher, readEvents } from '../src/index.ts';

const OUT_PARTITIONS = 8;
const quote = (symbol: string, venue = 'v') =>
  ({
    kind: 'quote',
    symbol,
    venue,
    bid_price: '1',
    bid_size: '1',
    ask_price: '2',
    ask_size: '1',
  }) as const;

/** What the handler derives from input n: two events on one output stream, one on another. */
function derived(input: MarketDataEvent, n: number): AnyEvent[] {
  return [
    deriveEvent(input, { type: 'market_data', scope: 'pa', index: 0, data: quote('AAA', `a${n}.0`) }),
    deriveEvent(input, { type: 'market_data', scope: 'pa', index: 1, data: quote('BBB', `b${n}`) }),
    deriveEvent(input, { type: 'market_data', scope: 'pa', index: 2, data: quote('AAA', `a${n}.1`) }),
  ];
}

describe('context.publishAll', () => {
  it('leaves each stream with every event once and in order, across handler re-runs', async () => {
    expect(partitionOf('AAA', OUT_PARTITIONS)).not.toBe(partitionOf('BBB', OUT_PARTITIONS));
    const server = await startEphemeralRedis();
    const redis = await connect({ url: server.url }, 'commands');
    const inputs = Array.from({ length: 60 }, (_, n) =>
      createEvent({ type: 'market_data', ts_event: BigInt(n + 1), data: quote('IN') }),
    );
    const attempts = new Map<string, number>();
    const duplicatesSeen = new Map<number, string[]>();
    const handled = new Set<string>();
    const consumer = createConsumer({
      connection: { url: server.url },
      namespace: 'in',
      partitions: 1,
      group: 'g',
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 5,
      publisher: (commands) => createPublisher(commands, { namespace: 'out', partitions: OUT_PARTITIONS }),
    });
    consumer.on('market_data', async (event, context) => {
      const n = inputs.findIndex((input) => input.id === event.id);
      const attempt = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, attempt);
      const results = await context.publishAll(derived(event, n));
      const seen = duplicatesSeen.get(n) ?? [];
      seen.push(results.map((result) => result.duplicate).join(','));
      duplicatesSeen.set(n, seen);
      // Every third input fails once after publishing: its events are published again.
      if (n % 3 === 0 && attempt === 1) throw new Error('fails after publishing');
      handled.add(event.id);
    });
    try {
      await createPublisher(redis, { namespace: 'in', partitions: 1 }).publishAll(inputs);
      await consumer.start();
      await waitFor(() => handled.size === inputs.length, {
        timeoutMs: 30_000,
        description: 'every input handled',
      });
      await consumer.stop();

      const stored = async (symbol: string) => {
        const venues: string[] = [];
        for await (const { event } of readEvents(redis, {
          namespace: 'out',
          type: 'market_data',
          partitions: OUT_PARTITIONS,
        })) {
          if (event.type === 'market_data' && event.key === symbol) venues.push(event.data.venue);
        }
        return venues;
      };
      expect(await stored('AAA')).toEqual(inputs.flatMap((_, n) => [`a${n}.0`, `a${n}.1`]));
      expect(await stored('BBB')).toEqual(inputs.map((_, n) => `b${n}`));
      // The first run of each input appended its three events; every re-run (its own after
      // failing, or an earlier input's of the same batch, handled again) found them in.
      for (const [n] of inputs.entries()) {
        const [first, ...reruns] = duplicatesSeen.get(n) ?? [];
        expect(first, `input ${n}`).toBe('false,false,false');
        expect(
          reruns.every((seen) => seen === 'true,true,true'),
          `input ${n}: ${reruns}`,
        ).toBe(true);
        if (n % 3 === 0) expect(reruns.length, `input ${n}`).toBeGreaterThan(0);
      }
    } finally {
      await consumer.stop().catch(() => undefined);
      redis.disconnect();
      await server.stop();
    }
  });
});
