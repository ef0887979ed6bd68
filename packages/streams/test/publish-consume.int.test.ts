import { partitionKeys } from '@tickflow/events';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createConsumer, createPublisher } from '../src/index.ts';
import { seqOf, symbolName, tick } from './support/ticks.ts';

let redis: EphemeralRedis;
beforeAll(async () => {
  redis = await startEphemeralRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('publish and consume', () => {
  it('hands every event to the handler once, in order per symbol', async () => {
    const commands = await connect({ url: redis.url }, 'commands');
    const publisher = createPublisher(commands, { namespace: 'pc', partitions: 4 });
    const events = Array.from({ length: 5 }, (_, s) =>
      Array.from({ length: 200 }, (_, n) => tick(symbolName(s), n)),
    ).flat();
    const results = await publisher.publishAll(events);
    expect(results.every((r) => !r.duplicate)).toBe(true);
    const again = await publisher.publish(events[0] as (typeof events)[0]);
    expect(again.duplicate).toBe(true);

    const seen = new Map<string, number[]>();
    const consumer = createConsumer({
      connection: { url: redis.url },
      namespace: 'pc',
      partitions: 4,
      group: 'g1',
      leaseTtlMs: 2000,
    });
    consumer.on('market_data', (event) => {
      const list = seen.get(event.key) ?? [];
      list.push(seqOf(event));
      seen.set(event.key, list);
    });
    await consumer.start();
    await waitFor(() => [...seen.values()].reduce((n, l) => n + l.length, 0) >= 1000, {
      timeoutMs: 30_000,
      description: 'all handled',
    });
    await consumer.stop();
    for (const list of seen.values()) expect(list).toEqual(Array.from({ length: 200 }, (_, n) => n));
    const pending = await commands.xpending(partitionKeys('pc', 'market_data', 0).stream, 'g1');
    expect(pending[0]).toBe(0);
    commands.disconnect();
  });

  it('runs the handlers of a type in priority order, higher first, then in registration order', async () => {
    const commands = await connect({ url: redis.url }, 'commands');
    const calls: string[] = [];
    const consumer = createConsumer({
      connection: { url: redis.url },
      namespace: 'prio',
      partitions: 1,
      group: 'g',
    });
    try {
      await createPublisher(commands, { namespace: 'prio', partitions: 1 }).publishAll([
        tick('AAA', 0),
        tick('AAA', 1),
      ]);
      consumer
        .on('market_data', (event) => void calls.push(`low ${seqOf(event)}`), { name: 'low', priority: -1 })
        .on('market_data', (event) => void calls.push(`high ${seqOf(event)}`), { name: 'high', priority: 10 })
        .on('market_data', (event) => void calls.push(`default ${seqOf(event)}`));
      await consumer.start();
      await waitFor(() => calls.length === 6, { timeoutMs: 15_000, description: 'six handler calls' });
      expect(calls).toEqual(['high 0', 'default 0', 'low 0', 'high 1', 'default 1', 'low 1']);
    } finally {
      await consumer.stop();
      commands.disconnect();
    }
  });
});
