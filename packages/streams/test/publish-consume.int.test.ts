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
    const results = await publisher.publishBatch(events);
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
    const pending = await commands.xpending('tf:{pc:md:0}', 'g1');
    expect(pending[0]).toBe(0);
    commands.disconnect();
  });
});
