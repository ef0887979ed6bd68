// A kit service on a Redis Cluster (REDIS_URL=redis+cluster://…): it becomes ready, its
// consumer reads partitions served by every master, and what its handler publishes through
// ServiceContext.publisher lands in the right partitions' slots. One cluster for the file.
import { createEvent, partitionKeys } from '@tickflow/events';
import { connectClient, createPublisher, keySlot, readEvents } from '@tickflow/streams';
import { waitFor } from '@tickflow/testkit';
import { redisClusterForThisFile } from '@tickflow/testkit/vitest';
import { Cluster } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RunningService, runService } from '../src/index.ts';

const cluster = redisClusterForThisFile((url) => connectClient({ url }, 'commands'));

const NAMESPACE = 'kitc';
const PARTITIONS = 8;
const SYMBOLS = Array.from({ length: 24 }, (_, n) => `S${n}`);

const quote = (symbol: string, n: number) =>
  createEvent({
    type: 'market_data',
    ts_event: BigInt(n),
    data: {
      kind: 'quote',
      symbol,
      venue: 'test',
      bid_price: '1',
      bid_size: '1',
      ask_price: '2',
      ask_size: '1',
    },
  });

const signalFor = (symbol: string, n: number) =>
  createEvent({
    type: 'signal',
    ts_event: BigInt(n),
    data: { symbol, signal: 'long', strength: '1', strategy_id: 'kit-cluster', reason: 'test' },
  });

async function status(port: number, path: string): Promise<number> {
  return (await fetch(`http://127.0.0.1:${port}${path}`)).status;
}

describe('runService on a Redis Cluster', () => {
  it('is ready, consumes partitions on every master and publishes from its handler', async () => {
    const { url, redis } = cluster;
    const handled: string[] = [];
    const running = (await runService(
      {
        name: 'kit-cluster-test',
        config: z.object({}),
        setup(service) {
          expect(service.redis).toBeInstanceOf(Cluster);
          service.createConsumer({ group: 'kitc' }).on('market_data', async (event) => {
            if (event.data.kind !== 'quote') return;
            await service.publisher.publish(signalFor(event.data.symbol, Number(event.ts_event)));
            handled.push(event.data.symbol);
          });
        },
      },
      {
        env: {
          REDIS_URL: url,
          HTTP_PORT: '0',
          HTTP_HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          TICKFLOW_NAMESPACE: NAMESPACE,
          TICKFLOW_PARTITIONS: String(PARTITIONS),
        },
        exit: () => undefined,
        handleSignals: false,
      },
    )) as RunningService;
    try {
      await waitFor(async () => (await status(running.port, '/readyz')) === 200, {
        timeoutMs: 30_000,
        description: '/readyz turns 200 on the cluster',
      });
      // The namespace's market-data partitions are served by all three masters.
      const masters = await redis.cluster('SLOTS');
      const masterOf = (key: string) =>
        masters.findIndex(([from, to]) => keySlot(key) >= from && keySlot(key) <= to);
      const streams = Array.from(
        { length: PARTITIONS },
        (_, p) => partitionKeys(NAMESPACE, 'market_data', p).stream,
      );
      expect(new Set(streams.map(masterOf)).size).toBe(3);

      await createPublisher(redis, { namespace: NAMESPACE, partitions: PARTITIONS }).publishAll(
        SYMBOLS.map((symbol, n) => quote(symbol, n + 1)),
      );
      await waitFor(() => handled.length >= SYMBOLS.length, {
        timeoutMs: 30_000,
        description: 'every quote handled',
      });
      expect([...handled].sort()).toEqual([...SYMBOLS].sort());
      const signals: string[] = [];
      for await (const stored of readEvents(redis, {
        namespace: NAMESPACE,
        type: 'signal',
        partitions: PARTITIONS,
      }))
        if (stored.event.type === 'signal') signals.push(stored.event.data.symbol);
      expect(signals.sort()).toEqual([...SYMBOLS].sort());
    } finally {
      expect(await running.stop()).toBe(0);
    }
  }, 90_000);
});
