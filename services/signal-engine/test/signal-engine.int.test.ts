// signal-engine as a process: ticks in, exactly the signals the strategies compute out —
// including across a SIGKILL and restart mid-stream (no signal lost, none duplicated) —
// with the strategies in one shared consumer group and in a group each.
import { join } from 'node:path';
import { deriveEvent, partitionKeys, type SignalEvent } from '@tickflow/events';
import { connect, createPublisher, readEvents, streamBacklogs } from '@tickflow/streams';
import {
  type EphemeralRedis,
  killServices,
  type ServiceProcess,
  startEphemeralRedis,
  startServiceProcess,
  waitFor,
} from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STRATEGIES, instantiate, type SignalGrouping } from '../src/config.ts';
import { quotePath } from './support/ticks.ts';

const PARTITIONS = 4;
const ticks = [...quotePath('BTCUSDT', 600, 0), ...quotePath('ETHUSDT', 600, 40)];

let server: EphemeralRedis;
let redis: Redis;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = await connect({ url: server.url }, 'commands');
});
afterAll(async () => {
  await killServices(services);
  redis?.disconnect();
  await server?.stop();
});

/** The signals the strategies emit for `ticks`, computed in-process: the expected output. */
function expectedSignals(): Map<string, SignalEvent> {
  const expected = new Map<string, SignalEvent>();
  for (const spec of DEFAULT_STRATEGIES) {
    const perSymbol = new Map<string, ReturnType<typeof instantiate>>();
    for (const tick of ticks) {
      const strategy = perSymbol.get(tick.key) ?? instantiate(spec);
      perSymbol.set(tick.key, strategy);
      for (const [index, data] of strategy.handle(tick).entries()) {
        const signal = deriveEvent(tick, {
          type: 'signal',
          scope: `signal-engine/${strategy.id}`,
          index,
          data,
        });
        expected.set(signal.id, signal);
      }
    }
  }
  return expected;
}

async function storedSignals(namespace: string): Promise<SignalEvent[]> {
  const signals: SignalEvent[] = [];
  for await (const { event } of readEvents(redis, {
    namespace,
    type: 'signal',
    partitions: PARTITIONS,
  })) {
    if (event.type === 'signal') signals.push(event);
  }
  return signals;
}

function startEngine(namespace: string, grouping: SignalGrouping): ServiceProcess {
  const service = startServiceProcess(
    join(import.meta.dirname, '../src/main.ts'),
    {
      REDIS_URL: server.url,
      TICKFLOW_NAMESPACE: namespace,
      SIGNAL_GROUPING: grouping,
      TICKFLOW_PARTITIONS: String(PARTITIONS),
      TICKFLOW_LEASE_TTL_MS: '1500',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    join(import.meta.dirname, '..'),
  );
  services.push(service);
  return service;
}

/** The consumer groups on the first market-data partition stream. */
async function marketDataGroups(namespace: string): Promise<string[]> {
  const stream = partitionKeys(namespace, 'market_data', 0).stream;
  return [...(await streamBacklogs(redis, stream)).keys()].sort();
}

describe.each([
  { grouping: 'shared', groups: ['signal-engine'] },
  { grouping: 'per-strategy', groups: ['signal-engine.mean-reversion', 'signal-engine.sma-crossover'] },
] as const)('signal-engine, $grouping groups', ({ grouping, groups }) => {
  const namespace = `se-${grouping}`;
  it('emits exactly the strategies’ signals, across a SIGKILL and a restart', async () => {
    const expected = expectedSignals();
    expect(expected.size).toBeGreaterThan(10);
    const publisher = createPublisher(redis, { namespace, partitions: PARTITIONS });
    await publisher.publishAll(ticks.slice(0, 700));

    const first = startEngine(namespace, grouping);
    await waitFor(async () => (await storedSignals(namespace)).length >= 5, {
      timeoutMs: 30_000,
      description: 'first signals',
    });
    first.child.kill('SIGKILL');
    await first.exited;

    await publisher.publishAll(ticks.slice(700));
    const second = startEngine(namespace, grouping);
    await waitFor(async () => (await storedSignals(namespace)).length >= expected.size, {
      timeoutMs: 60_000,
      description: `all ${expected.size} signals`,
    });
    expect(await second.stop(), second.output().slice(-2_000)).toBe(0);

    expect(await marketDataGroups(namespace)).toEqual(groups);
    const stored = await storedSignals(namespace);
    const ids = stored.map((signal) => signal.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(stored.length).toBe(expected.size);
    for (const signal of stored) {
      const { ts_init: _storedInit, ...storedRest } = signal;
      const { ts_init: _expectedInit, ...expectedRest } = expected.get(signal.id) ?? ({} as SignalEvent);
      expect(storedRest).toEqual(expectedRest);
    }
  });
});
