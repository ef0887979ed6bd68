// A handler that runs again on an entry sees exactly the partition state from before that
// entry, whatever it mutated in place; a dead-lettered entry leaves no trace in the state.
// The handler here counts entries in an object it mutates in place (and publishes one
// output per entry before it may fail); on each failure path the saved count must end
// exact, the outputs once each and in order:
//   - a plain error on the first delivery;
//   - Redis killed (SIGKILL) just before the handler's publishAll, and restarted;
//   - an open circuit (the failures open it, a trial closes it);
//   - an entry failing on every delivery, dead-lettered after maxDeliveries.
import { deriveEvent, type MarketDataEvent, partitionKeys } from '@tickflow/events';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CircuitState,
  type ConsumerOptions,
  connect,
  createConsumer,
  createPublisher,
  type HandlerContext,
  parseDeadLetter,
} from '../src/index.ts';
import { checkpointOf, pendingCount, readStream } from './support/stream-inspect.ts';
import { seqOf, tick } from './support/ticks.ts';

const TICKS = 30;
const FAILING = 12;

/** The count kept in place: one object, mutated, never replaced. */
interface Counted {
  count: number;
  seqs: number[];
}

type Fault = (seq: number, context: HandlerContext) => Promise<void> | void;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function startRedis(): Promise<{ server: EphemeralRedis; redis: Redis }> {
  const server = await startEphemeralRedis({ appendonly: true, appendfsync: 'always' });
  cleanups.push(() => server.stop());
  const redis = await connect({ url: server.url }, 'commands');
  cleanups.push(async () => redis.disconnect());
  return { server, redis };
}

/**
 * Runs a consumer over TICKS ticks of one symbol, read in one batch, with `fault` called
 * after the entry's count is taken and before its output is published (`failAfter`: after
 * it), and waits until `done` holds.
 */
async function run(
  server: EphemeralRedis,
  redis: Redis,
  namespace: string,
  options: Partial<ConsumerOptions> & { fault: Fault; failAfterPublish?: boolean },
) {
  const { fault, failAfterPublish = false, ...consumerOptions } = options;
  const keys = partitionKeys(namespace, 'market_data', 0);
  const circuit: CircuitState[] = [];
  const consumer = createConsumer({
    connection: { url: server.url },
    namespace,
    partitions: 1,
    group: 'g',
    batchSize: TICKS,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 50,
    ...consumerOptions,
    publisher: (commands) => createPublisher(commands, { namespace: `${namespace}-out`, partitions: 1 }),
  });
  consumer.onStatus((status) => {
    if (status.type === 'circuit-changed') circuit.push(status.state);
  });
  consumer.on(
    'market_data',
    async (event: MarketDataEvent, context) => {
      const seq = seqOf(event);
      const counted = context.state.get<Counted>() ?? { count: 0, seqs: [] };
      counted.count++;
      counted.seqs.push(seq);
      context.state.set(counted);
      if (!failAfterPublish) await fault(seq, context);
      await context.publishAll([
        deriveEvent(event, {
          type: 'market_data',
          scope: 'rerun-test',
          data: { ...event.data, venue: `out-${seq}` } as MarketDataEvent['data'],
        }),
      ]);
      if (failAfterPublish) await fault(seq, context);
    },
    { name: 'counter' },
  );
  cleanups.push(() => consumer.stop());
  await createPublisher(redis, { namespace, partitions: 1 }).publishAll(
    Array.from({ length: TICKS }, (_, seq) => tick('AAA', seq)),
  );
  await consumer.start();
  const outputs = async () =>
    (await readStream(redis, partitionKeys(`${namespace}-out`, 'market_data', 0).stream)).map(
      ({ fields }) => JSON.parse(fields.data ?? '{}').venue as string,
    );
  const deadLetters = async () =>
    (await redis.xrange(keys.deadLetter, '-', '+')).map(([id, fields]) => parseDeadLetter(id, fields));
  const settledWith = async (expected: number) => {
    await waitFor(
      async () =>
        (await checkpointOf(redis, keys.checkpoint('g'))).last ===
          (await redis.xrevrange(keys.stream, '+', '-', 'COUNT', 1))[0]?.[0] &&
        (await pendingCount(redis, keys.stream, 'g')) === 0,
      { timeoutMs: 30_000, description: 'every tick settled' },
    );
    const { state } = await checkpointOf(redis, keys.checkpoint('g'));
    expect((state as Counted).count).toBe(expected);
    return state as Counted;
  };
  return { outputs, deadLetters, settledWith, circuit };
}

const all = Array.from({ length: TICKS }, (_, seq) => seq);
const venues = (seqs: number[]) => seqs.map((seq) => `out-${seq}`);

describe('a handler run again on an entry sees the state from before it', () => {
  it('after a plain error on the first delivery', async () => {
    const { server, redis } = await startRedis();
    const failed = new Set<number>();
    const { outputs, settledWith } = await run(server, redis, 'rerun-error', {
      failAfterPublish: true,
      fault: (seq) => {
        if (seq === FAILING && !failed.has(seq)) {
          failed.add(seq);
          throw new Error('fails once, after publishing');
        }
      },
    });
    expect((await settledWith(TICKS)).seqs).toEqual(all);
    expect(await outputs()).toEqual(venues(all));
  });

  it('after Redis was killed during its publishAll, and came back', async () => {
    const { server, redis } = await startRedis();
    let killed = false;
    const { outputs, settledWith } = await run(server, redis, 'rerun-outage', {
      fault: async (seq) => {
        if (seq !== FAILING || killed) return;
        killed = true;
        // The publishAll that follows finds Redis gone; it comes back while the worker backs off.
        await server.kill('SIGKILL');
        void server.restart();
      },
    });
    expect((await settledWith(TICKS)).seqs).toEqual(all);
    expect(killed).toBe(true);
    expect(await outputs()).toEqual(venues(all));
  });

  it('after its circuit opened, and closed again', async () => {
    const { server, redis } = await startRedis();
    let failures = 0;
    const { outputs, settledWith, circuit } = await run(server, redis, 'rerun-circuit', {
      circuitFailureThreshold: 2,
      circuitCoolDownMs: 100,
      maxDeliveries: 20,
      fault: (seq) => {
        if (seq === FAILING && failures < 4) {
          failures++;
          throw new Error(`downstream away (${failures})`);
        }
      },
    });
    expect((await settledWith(TICKS)).seqs).toEqual(all);
    expect(circuit).toContain('open');
    expect(circuit.at(-1)).toBe('closed');
    expect(await outputs()).toEqual(venues(all));
  });

  it('and an entry dead-lettered after maxDeliveries leaves no trace in it', async () => {
    const { server, redis } = await startRedis();
    const deliveries: number[] = [];
    const { outputs, settledWith, deadLetters } = await run(server, redis, 'rerun-dead', {
      maxDeliveries: 3,
      failAfterPublish: true,
      fault: (seq, context) => {
        if (seq !== FAILING) return;
        deliveries.push(context.deliveries);
        throw new Error('always fails');
      },
    });
    expect((await settledWith(TICKS - 1)).seqs).toEqual(all.filter((seq) => seq !== FAILING));
    expect(deliveries).toEqual([1, 2, 3]);
    expect(await deadLetters()).toEqual([
      expect.objectContaining({ kind: 'failed', handler: 'counter', deliveries: 3 }),
    ]);
    // Published before it failed: once, like every other output.
    expect(await outputs()).toEqual(venues(all));
  });
});
