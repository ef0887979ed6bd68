// Redis gone during the publishAll of a crossing tick: the strategies' indicators and last
// side were already updated in place for that tick, so a handler re-run on the same objects
// would fold the tick in twice, and sma-crossover would see no crossing and emit nothing.
// The runtime undoes the failed attempt (state as last saved), so the run must emit exactly
// the signals of an undisturbed run: same ids, in the same order on every stream.
import { type MarketDataEvent, partitionKeys } from '@tickflow/events';
import {
  type Consumer,
  connect,
  createConsumer,
  createPublisher,
  namespaceDrained,
  readEvents,
} from '@tickflow/streams';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STRATEGIES, instantiate } from '../src/config.ts';
import { strategyHandler } from '../src/strategy-handler.ts';
import { quotePath } from './support/ticks.ts';

const PARTITIONS = 2;
const ticks: MarketDataEvent[] = [...quotePath('BTCUSDT', 400, 0), ...quotePath('ETHUSDT', 400, 40)];

let server: EphemeralRedis;
let redis: Redis;
beforeAll(async () => {
  server = await startEphemeralRedis({ appendonly: true, appendfsync: 'always' });
  redis = await connect({ url: server.url }, 'commands');
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

/** Runs both strategies (one shared group) over `ticks` in `namespace`; `beforePublish` sees each signal publish. */
async function runEngine(namespace: string, beforePublish: (call: number) => Promise<void>): Promise<void> {
  let calls = 0;
  const consumer: Consumer = createConsumer({
    connection: { url: server.url },
    namespace,
    partitions: PARTITIONS,
    group: 'signal-engine',
    leaseTtlMs: 5_000,
    retryBaseDelayMs: 20,
    retryMaxDelayMs: 200,
    publisher: (commands) => {
      const publisher = createPublisher(commands, { namespace, partitions: PARTITIONS });
      return {
        ...publisher,
        publishAll: async (events) => {
          await beforePublish(++calls);
          return publisher.publishAll(events);
        },
      };
    },
  });
  for (const spec of DEFAULT_STRATEGIES) {
    const id = instantiate(spec).id;
    consumer.on(
      'market_data',
      strategyHandler(id, () => instantiate(spec)),
      { name: id },
    );
  }
  // The ticks are all in before the consumer starts (its group reads from the start): an
  // outage the test causes must never land on the test's own publishing of its input.
  await createPublisher(redis, { namespace, partitions: PARTITIONS }).publishAll(ticks);
  await consumer.start();
  try {
    await waitFor(() => namespaceDrained(redis, namespace, PARTITIONS), {
      timeoutMs: 60_000,
      description: `${namespace} drained`,
    });
  } finally {
    await consumer.stop();
  }
}

/** Each signal stream's event ids, in stream order. */
async function signalIds(namespace: string): Promise<string[][]> {
  const streams: string[][] = [];
  for (let partition = 0; partition < PARTITIONS; partition++) {
    const ids: string[] = [];
    for await (const { event } of readEvents(redis, {
      namespace,
      type: 'signal',
      partitions: PARTITIONS,
      only: [partition],
    })) {
      ids.push(event.id);
    }
    streams.push(ids);
  }
  return streams;
}

describe('signal-engine with Redis killed during the publishAll of a crossing tick', () => {
  it('emits exactly the signals of an undisturbed run, same ids, same order', async () => {
    await runEngine('calm', async () => undefined);
    const undisturbed = await signalIds('calm');
    expect(undisturbed.flat().length).toBeGreaterThan(10);

    let outages = 0;
    await runEngine('outage', async (call) => {
      // Two outages, at the 3rd and the 9th crossing: Redis SIGKILLed just before the
      // publish (the tick is already folded into the strategy), back while the worker waits.
      if (call !== 3 && call !== 9) return;
      outages++;
      await server.kill('SIGKILL');
      void server.restart();
    });
    expect(outages).toBe(2);
    expect(await signalIds('outage')).toEqual(undisturbed);
    expect(await redis.xlen(partitionKeys('outage', 'market_data', 0).deadLetter)).toBe(0);
  });
});
