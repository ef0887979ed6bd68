// Without an OpenTelemetry SDK (a library test, a service with tracing off) the runtime
// publishes and consumes as before: no trace context is invented, an event's own is kept,
// and what a handler derives keeps its cause's.
import { trace } from '@opentelemetry/api';
import { type AnyEvent, createEvent, decodeEvent, deriveEvent, partitionKeys } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { createConsumer, createPublisher } from '../../src/index.ts';
import { redisForThisFile } from '../support/redis-per-file.ts';
import { tick } from '../support/ticks.ts';

const file = redisForThisFile();
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

async function entriesOf(stream: string): Promise<AnyEvent[]> {
  return (await file.redis.xrange(stream, '-', '+')).map(([, fields]) => decodeEvent(fields));
}

describe('with no SDK registered', () => {
  it('publishes events as they are: none gets a traceparent, one that has it keeps it', async () => {
    // The API hands out no-op spans: nothing to propagate.
    expect(trace.getTracer('t').startSpan('x').isRecording()).toBe(false);
    const publisher = createPublisher(file.redis, { namespace: 'bare', partitions: 1 });
    const { type, data, ts_event } = tick('BBB', 2);
    const traced = createEvent({ type, data, ts_event, traceparent: TRACEPARENT, tracestate: 'rojo=1' });
    await publisher.publish(tick('AAA', 1));
    await publisher.publishAll([traced, tick('CCC', 3)]);
    const entries = await entriesOf(partitionKeys('bare', 'market_data', 0).stream);
    expect(entries.map((e) => [e.key, e.traceparent, e.tracestate])).toEqual([
      ['AAA', undefined, undefined],
      ['BBB', TRACEPARENT, 'rojo=1'],
      ['CCC', undefined, undefined],
    ]);
  });

  it('consumes them, and what a handler derives keeps its cause trace context', async () => {
    const namespace = 'bare-consume';
    const { type, data, ts_event } = tick('AAA', 1);
    const events = [createEvent({ type, data, ts_event, traceparent: TRACEPARENT }), tick('BBB', 2)];
    await createPublisher(file.redis, { namespace, partitions: 1 }).publishAll(events);
    const consumer = createConsumer({
      connection: { url: file.server.url },
      namespace,
      partitions: 1,
      group: 'g',
      leaseTtlMs: 2_000,
    });
    consumer.on('market_data', async (event, handlerContext) => {
      await handlerContext.publish(
        deriveEvent(event, {
          type: 'signal',
          scope: 'no-sdk',
          data: { symbol: event.key, signal: 'long', strength: '1', strategy_id: 's', reason: 'r' },
        }),
      );
    });
    await consumer.start();
    try {
      const stream = partitionKeys(namespace, 'signal', 0).stream;
      await waitFor(async () => (await file.redis.xlen(stream)) === 2, {
        timeoutMs: 20_000,
        description: 'both signals published',
      });
      const signals = await entriesOf(stream);
      expect(signals.map((s) => [s.key, s.traceparent])).toEqual([
        ['AAA', TRACEPARENT],
        ['BBB', undefined],
      ]);
    } finally {
      await consumer.stop();
    }
  });
});
