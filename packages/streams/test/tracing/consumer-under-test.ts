// A consumer under test for the tracing tests: one partition, group `g`, one handler named
// `tracer-test`, fast retries; and waiting until its stream is drained.
import { type AnyEvent, deriveEvent, partitionKeys } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { type Consumer, createConsumer, type HandlerContext } from '../../src/index.ts';
import { checkpointOf, pendingCount } from '../support/stream-inspect.ts';

export type Handle = (event: AnyEvent, context: HandlerContext) => void | Promise<void>;

/** A started consumer of the namespace's market data; stop it when done. */
export async function startConsumer(url: string, namespace: string, handle: Handle): Promise<Consumer> {
  const consumer = createConsumer({
    connection: { url },
    namespace,
    partitions: 1,
    group: 'g',
    leaseTtlMs: 2_000,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
  });
  consumer.on('market_data', handle, { name: 'tracer-test' });
  await consumer.start();
  return consumer;
}

/** Every entry of the namespace's market-data stream applied (acked or dead-lettered) by `g`. */
export async function drained(redis: Redis, namespace: string): Promise<void> {
  const keys = partitionKeys(namespace, 'market_data', 0);
  await waitFor(
    async () =>
      (await checkpointOf(redis, keys.checkpoint('g'))).last ===
        (await redis.xrevrange(keys.stream, '+', '-', 'COUNT', 1))[0]?.[0] &&
      (await pendingCount(redis, keys.stream, 'g')) === 0,
    { timeoutMs: 20_000, description: `${namespace} drained` },
  );
}

/** The signal a handler derives from `cause`. */
export function signalOf(cause: AnyEvent) {
  return deriveEvent(cause, {
    type: 'signal',
    scope: 'tracing-test',
    data: { symbol: cause.key, signal: 'long', strength: '1', strategy_id: 's', reason: 'r' },
  });
}
