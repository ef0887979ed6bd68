// Failures a handler types, and failures the runtime handles on its own, made visible:
// - PermanentError: dead-lettered at once (kind permanent), no retry, no circuit failure;
// - RetryLaterError: retried no sooner than its delay;
// - a partition worker that fails on a bug (here the state's toJSON throwing once) is
//   reported as worker-crashed, the partition is taken again and nothing is lost;
// - a consumer's status notifications follow its leases, from start to stop, and report
//   the rounds that failed while Redis was away.
import { partitionKeys } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import {
  type ConsumerStatus,
  createConsumer,
  createPublisher,
  PermanentError,
  parseDeadLetter,
  RetryLaterError,
} from '../src/index.ts';
import { redisForThisFile } from './support/redis-per-file.ts';
import { checkpointOf, pendingCount } from './support/stream-inspect.ts';
import { seqOf, tick } from './support/ticks.ts';

const file = redisForThisFile();

async function publishTicks(namespace: string, count: number): Promise<void> {
  await createPublisher(file.redis, { namespace, partitions: 1 }).publishAll(
    Array.from({ length: count }, (_, seq) => tick('AAA', seq)),
  );
}

function consumerOf(namespace: string, options: { circuitFailureThreshold?: number } = {}) {
  const statuses: ConsumerStatus[] = [];
  const consumer = createConsumer({
    connection: { url: file.server.url },
    namespace,
    partitions: 1,
    group: 'g',
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    leaseTtlMs: 2_000,
    ...options,
  });
  consumer.onStatus((status) => statuses.push(status));
  return { consumer, statuses };
}

async function drained(namespace: string): Promise<void> {
  const keys = partitionKeys(namespace, 'market_data', 0);
  await waitFor(
    async () =>
      (await checkpointOf(file.redis, keys.checkpoint('g'))).last ===
        (await file.redis.xrevrange(keys.stream, '+', '-', 'COUNT', 1))[0]?.[0] &&
      (await pendingCount(file.redis, keys.stream, 'g')) === 0,
    { timeoutMs: 20_000, description: `${namespace} drained` },
  );
}

describe('typed handler failures', () => {
  it('a PermanentError is dead-lettered at once, without a retry or a circuit failure', async () => {
    const namespace = 'permanent';
    await publishTicks(namespace, 10);
    const { consumer, statuses } = consumerOf(namespace, { circuitFailureThreshold: 1 });
    const calls: number[] = [];
    consumer.on(
      'market_data',
      (event, context) => {
        calls.push(seqOf(event));
        context.state.set((context.state.get<number>() ?? 0) + 1);
        if (seqOf(event) === 4) throw new PermanentError('unknown instrument');
      },
      { name: 'strict' },
    );
    await consumer.start();
    try {
      await drained(namespace);
      const keys = partitionKeys(namespace, 'market_data', 0);
      const letters = (await file.redis.xrange(keys.deadLetter, '-', '+')).map(([id, f]) =>
        parseDeadLetter(id, f),
      );
      expect(letters).toEqual([
        expect.objectContaining({
          kind: 'permanent',
          handler: 'strict',
          deliveries: 1,
          reason: 'handler strict: PermanentError: unknown instrument',
        }),
      ]);
      // Handled once each; 0-3 once more, as the batch's entries before the failed one are
      // handled again from the state before them; 4 only once (never retried).
      expect(calls.filter((seq) => seq === 4)).toEqual([4]);
      expect((await checkpointOf(file.redis, keys.checkpoint('g'))).state).toBe(9);
      expect(statuses.filter((status) => status.type === 'circuit-changed')).toEqual([]);
    } finally {
      await consumer.stop();
    }
  });

  it('a RetryLaterError is retried no sooner than its delay', async () => {
    const namespace = 'retry-later';
    await publishTicks(namespace, 3);
    const { consumer } = consumerOf(namespace);
    const attempts: { deliveries: number; at: number }[] = [];
    consumer.on('market_data', (event, context) => {
      if (seqOf(event) !== 1) return;
      attempts.push({ deliveries: context.deliveries, at: performance.now() });
      if (attempts.length === 1) throw new RetryLaterError('rate limited', { delayMs: 300 });
    });
    await consumer.start();
    try {
      await drained(namespace);
      expect(attempts.map((attempt) => attempt.deliveries)).toEqual([1, 2]);
      const [first, second] = attempts.map((attempt) => attempt.at) as [number, number];
      // Node's timers count whole milliseconds: one may fire up to 1 ms early by performance.now().
      // (Without the handler's delay the retry would come after the 5-20 ms backoff.)
      expect(second - first).toBeGreaterThanOrEqual(299);
    } finally {
      await consumer.stop();
    }
  });
});

describe('failures the runtime handles on its own', () => {
  it('a worker that fails on a bug is reported, and the partition is taken again without loss', async () => {
    const namespace = 'crash';
    await publishTicks(namespace, 20);
    const { consumer, statuses } = consumerOf(namespace);
    let toJsonCalls = 0;
    consumer.on('market_data', (_event, context) => {
      const count = (context.state.get<{ count: number }>()?.count ?? 0) + 1;
      context.state.set({
        count,
        // Serialized once per ack; the first time, it throws: a bug, not an outage.
        toJSON() {
          if (++toJsonCalls === 1) throw new Error('cannot serialize');
          return { count };
        },
      });
    });
    await consumer.start();
    try {
      await drained(namespace);
      const crashed = statuses.filter((status) => status.type === 'worker-crashed');
      expect(crashed).toHaveLength(1);
      expect(String((crashed[0] as { error: unknown }).error)).toContain('cannot serialize');
      expect(statuses.filter((status) => status.type === 'lease-acquired')).toHaveLength(2);
      const keys = partitionKeys(namespace, 'market_data', 0);
      expect((await checkpointOf(file.redis, keys.checkpoint('g'))).state).toEqual({ count: 20 });
    } finally {
      await consumer.stop();
    }
  });

  it('status follows the leases from start to stop, and reports rounds failed while Redis was away', async () => {
    const namespace = 'status';
    const { consumer, statuses } = consumerOf(namespace);
    consumer.on('market_data', () => undefined);
    const iterated: ConsumerStatus[] = [];
    const iteration = (async () => {
      for await (const status of consumer.status()) iterated.push(status);
    })();
    await consumer.start();
    const stream = partitionKeys(namespace, 'market_data', 0).stream;
    await waitFor(() => consumer.ownedStreams().length === 1, { timeoutMs: 10_000, description: 'owned' });
    file.server.pause();
    try {
      await waitFor(() => statuses.some((status) => status.type === 'rebalance-failed'), {
        timeoutMs: 20_000,
        description: 'a failed round reported',
      });
    } finally {
      file.server.resume();
    }
    await consumer.stop();
    await iteration; // ends once the consumer has stopped
    const leases = statuses
      .filter((status) => status.type.startsWith('lease-'))
      .map((status) => ('reason' in status ? `${status.type}:${status.reason}` : status.type));
    expect(leases[0]).toBe('lease-acquired');
    expect(leases.at(-1)).toMatch(/^lease-(released:stopped|lost:expired)$/);
    expect(statuses.every((status) => !('stream' in status) || status.stream === stream)).toBe(true);
    expect(iterated.map((status) => status.type)).toEqual(statuses.map((status) => status.type));
  });
});
