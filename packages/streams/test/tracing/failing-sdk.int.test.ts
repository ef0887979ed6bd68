// Tracing never changes behaviour: with an SDK whose sampler throws on every span (a broken
// plug-in), publishes still reach Redis with the event as it was, and handlers still run, the
// synchronous path synchronously, their own errors reported as before.
import { partitionKeys } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { createHandlerRegistry } from '../../src/handlers.ts';
import { createPublisher, type HandlerContext } from '../../src/index.ts';
import { noopMetrics, partitionLabels } from '../../src/metrics.ts';
import { runHandlers } from '../../src/run-handlers.ts';
import { redisForThisFile } from '../support/redis-per-file.ts';
import { tick } from '../support/ticks.ts';
import { registerInMemoryTracing } from './in-memory-tracing.ts';

const tracing = registerInMemoryTracing({
  sampler: {
    shouldSample: () => {
      throw new Error('broken sampler');
    },
  },
});
const file = redisForThisFile();

describe('with an SDK that throws', () => {
  it('publishes single events and batches as they are', async () => {
    const publisher = createPublisher(file.redis, { namespace: 'broken', partitions: 1 });
    const one = await publisher.publish(tick('AAA', 1));
    const many = await publisher.publishAll([tick('AAA', 2), tick('AAA', 3)]);
    const entries = await file.redis.xrange(partitionKeys('broken', 'market_data', 0).stream, '-', '+');
    expect(entries.map(([id]) => id)).toEqual([one.entryId, ...many.map((r) => r.entryId)]);
    expect(entries.every(([, fields]) => !fields.includes('traceparent'))).toBe(true);
    expect(tracing.spans()).toEqual([]);
  });

  it('runs handlers, synchronously when they are, and hands their errors back', () => {
    const handlers = createHandlerRegistry({
      failureThreshold: 10,
      coolDownMs: 1_000,
      onChange: () => undefined,
    });
    const calls: string[] = [];
    handlers.add('market_data', () => void calls.push('ok'), { name: 'ok', priority: 1 });
    handlers.add(
      'market_data',
      () => {
        throw new RangeError('handler bug');
      },
      { name: 'bad' },
    );
    const delivery = runHandlers({
      event: tick('AAA', 1),
      registrations: handlers.forType('market_data'),
      context: { entryId: '1-0', deliveries: 1, signal: new AbortController().signal } as HandlerContext,
      metrics: noopMetrics,
      labels: partitionLabels(partitionKeys('broken', 'market_data', 0), 'g'),
    });
    expect(delivery).not.toBeInstanceOf(Promise);
    expect(calls).toEqual(['ok']);
    expect(delivery).toMatchObject({ outcome: 'failed', registration: { name: 'bad' } });
    expect((delivery as { error: unknown }).error).toBeInstanceOf(RangeError);
  });
});
