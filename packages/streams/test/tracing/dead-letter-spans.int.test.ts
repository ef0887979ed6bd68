// Dead-lettered entries in their own trace, against a real Redis with an SDK registered: a
// `dead_letter` span under the entry's last process span, or, for an entry that never reached
// a handler, under the context its fields carry; with the kind and the reason.
import { SpanKind } from '@opentelemetry/api';
import { encodeEvent, partitionKeys } from '@tickflow/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Consumer, createPublisher, PermanentError } from '../../src/index.ts';
import { redisForThisFile } from '../support/redis-per-file.ts';
import { tick } from '../support/ticks.ts';
import { drained as drainedIn, type Handle, startConsumer } from './consumer-under-test.ts';
import { named, registerInMemoryTracing } from './in-memory-tracing.ts';

const tracing = registerInMemoryTracing();
const file = redisForThisFile();
let consumer: Consumer | undefined;

beforeEach(() => tracing.reset());
afterEach(async () => {
  await consumer?.stop();
  consumer = undefined;
});

async function start(namespace: string, handle: Handle): Promise<void> {
  consumer = await startConsumer(file.server.url, namespace, handle);
}

const drained = (namespace: string) => drainedIn(file.redis, namespace);

describe('dead letters', () => {
  it('given a handler that fails for good, then a dead_letter span under its process span says why', async () => {
    const namespace = 'dlq';
    await createPublisher(file.redis, { namespace, partitions: 1 }).publish(tick('AAA', 1));
    await start(namespace, () => {
      throw new PermanentError('unknown instrument');
    });
    await drained(namespace);
    await expect.poll(() => named(tracing.spans(), 'dead_letter tf:{dlq:md}').length).toBe(1);
    const spans = tracing.spans();
    const [processSpan] = named(spans, 'process tf:{dlq:md}');
    const [moved] = named(spans, 'dead_letter tf:{dlq:md}');
    expect(processSpan?.attributes['error.type']).toBe('PermanentError');
    expect(moved?.kind).toBe(SpanKind.CLIENT);
    expect(moved?.parentSpanContext?.spanId).toBe(processSpan?.spanContext().spanId);
    expect(moved?.attributes).toMatchObject({
      'messaging.operation.name': 'dead_letter',
      'messaging.operation.type': 'settle',
      'messaging.message.id': tick('AAA', 1).id,
      'tickflow.dead_letter.kind': 'permanent',
      'tickflow.handler': 'tracer-test',
      'tickflow.settle.outcome': 'applied',
    });
    expect(String(moved?.attributes['tickflow.dead_letter.reason'])).toContain('unknown instrument');
  });

  it('given an entry that is not a valid event, then its dead_letter span is in the trace its fields carry', async () => {
    const namespace = 'invalid';
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const fields = encodeEvent(tick('AAA', 1)).map((value, i, all) =>
      all[i - 1] === 'ts_event' ? 'soon' : value,
    );
    await file.redis.xadd(
      partitionKeys(namespace, 'market_data', 0).stream,
      '*',
      ...fields.slice(0, -2),
      'traceparent',
      traceparent,
      ...fields.slice(-2),
    );
    await start(namespace, () => undefined);
    await drained(namespace);
    await expect.poll(() => named(tracing.spans(), 'dead_letter tf:{invalid:md}').length).toBe(1);
    const [moved] = named(tracing.spans(), 'dead_letter tf:{invalid:md}');
    expect(moved?.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(moved?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(moved?.attributes['tickflow.dead_letter.kind']).toBe('invalid');
    expect(named(tracing.spans(), 'process tf:{invalid:md}')).toEqual([]);
  });
});
