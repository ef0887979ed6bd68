// The consumer's process spans against a real Redis, with an SDK registered: a `process`
// CONSUMER span per handler call, child of the producer's span the entry carries, parent of
// what the handler publishes; a tracestate carried through; a failed attempt and its retry; a
// redelivery claimed from a dead consumer; an undone attempt run again; and the ack as a
// `settle` span linking the process spans it settles.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { createEvent, decodeEvent, encodeEvent, partitionKeys } from '@tickflow/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Consumer, createPublisher } from '../../src/index.ts';
import { redisForThisFile } from '../support/redis-per-file.ts';
import { seqOf, tick } from '../support/ticks.ts';
import { drained as drainedIn, type Handle, signalOf, startConsumer } from './consumer-under-test.ts';
import { named, registerInMemoryTracing, traceparentOf } from './in-memory-tracing.ts';

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

class FlakyError extends Error {}

describe('process spans', () => {
  it('are CONSUMER children of the send span, described, parents of what the handler publishes; the ack links them', async () => {
    const namespace = 'chain';
    const published = await createPublisher(file.redis, { namespace, partitions: 1 }).publish(tick('AAA', 1));
    await start(namespace, async (event, context) => {
      await context.publish(signalOf(event));
    });
    await drained(namespace);
    await expect.poll(() => named(tracing.spans(), 'settle tf:{chain:md}').length).toBe(1);

    const spans = tracing.spans();
    const [send] = named(spans, 'send tf:{chain:md}');
    const [processSpan] = named(spans, 'process tf:{chain:md}');
    const [derived] = named(spans, 'send tf:{chain:sig}');
    const [settle] = named(spans, 'settle tf:{chain:md}');
    expect(processSpan?.kind).toBe(SpanKind.CONSUMER);
    expect(processSpan?.parentSpanContext?.spanId).toBe(send?.spanContext().spanId);
    expect(processSpan?.spanContext().traceId).toBe(send?.spanContext().traceId);
    expect(processSpan?.attributes).toMatchObject({
      'messaging.system': 'redis',
      'messaging.operation.name': 'process',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'tf:{chain:md}',
      'messaging.destination.partition.id': '0',
      'messaging.consumer.group.name': 'g',
      'messaging.message.id': tick('AAA', 1).id,
      'messaging.redis.stream.entry_id': published.entryId,
      'messaging.redis.delivery_count': 1,
      'tickflow.handler': 'tracer-test',
      'tickflow.redelivered': false,
      'tickflow.attempt': 1,
    });
    // The handler's publish: a child of the process span, and its context is in the signal.
    expect(derived?.parentSpanContext?.spanId).toBe(processSpan?.spanContext().spanId);
    const signals = await file.redis.xrange(partitionKeys(namespace, 'signal', 0).stream, '-', '+');
    expect(derived).toBeDefined();
    expect(decodeEvent(signals[0]?.[1] ?? []).traceparent).toBe(traceparentOf(derived?.spanContext()));
    // The ack: in the tick's trace, linking the process span of each entry it settles.
    expect(settle?.kind).toBe(SpanKind.CLIENT);
    expect(settle?.parentSpanContext?.spanId).toBe(processSpan?.spanContext().spanId);
    expect(settle?.links.map((link) => link.context.spanId)).toEqual([processSpan?.spanContext().spanId]);
    expect(settle?.attributes).toMatchObject({
      'messaging.operation.name': 'settle',
      'messaging.operation.type': 'settle',
      'messaging.consumer.group.name': 'g',
      'messaging.batch.message_count': 1,
      'tickflow.settle.outcome': 'applied',
    });
  });

  it('carry a tracestate from the entry to what the handler publishes', async () => {
    const namespace = 'state';
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const { type, data, ts_event } = tick('AAA', 1);
    const event = createEvent({ type, data, ts_event, traceparent, tracestate: 'rojo=00f067aa0ba902b7' });
    // Written as it is, with the context it has.
    await file.redis.xadd(partitionKeys(namespace, 'market_data', 0).stream, '*', ...encodeEvent(event));
    await start(namespace, async (input, context) => {
      await context.publish(signalOf(input));
    });
    await drained(namespace);
    const [processSpan] = named(tracing.spans(), 'process tf:{state:md}');
    expect(processSpan?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    const signals = await file.redis.xrange(partitionKeys(namespace, 'signal', 0).stream, '-', '+');
    const signal = decodeEvent(signals[0]?.[1] ?? []);
    expect(signal.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-/);
    expect(signal.tracestate).toBe('rojo=00f067aa0ba902b7');
  });

  it('given a failed attempt and its retry, then two process spans: the error, then the redelivery', async () => {
    const namespace = 'retry';
    await createPublisher(file.redis, { namespace, partitions: 1 }).publish(tick('AAA', 1));
    let calls = 0;
    await start(namespace, () => {
      if (++calls === 1) throw new FlakyError('downstream hiccup');
    });
    await drained(namespace);
    const [first, second] = named(tracing.spans(), 'process tf:{retry:md}');
    const [send] = named(tracing.spans(), 'send tf:{retry:md}');
    expect(first?.status.code).toBe(SpanStatusCode.ERROR);
    expect(first?.attributes['error.type']).toBe('FlakyError');
    expect(first?.events.find((e) => e.name === 'exception')?.attributes?.['exception.message']).toBe(
      'downstream hiccup',
    );
    expect(second?.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(second?.attributes).toMatchObject({
      'messaging.redis.delivery_count': 2,
      'tickflow.redelivered': true,
      'tickflow.attempt': 2,
    });
    for (const attempt of [first, second]) {
      expect(attempt?.parentSpanContext?.spanId).toBe(send?.spanContext().spanId);
    }
  });

  it('given an entry claimed from a consumer that died with it, then its process span says redelivered', async () => {
    const namespace = 'claimed';
    const { stream } = partitionKeys(namespace, 'market_data', 0);
    await createPublisher(file.redis, { namespace, partitions: 1 }).publish(tick('AAA', 1));
    await file.redis.xgroup('CREATE', stream, 'g', '0');
    await file.redis.xreadgroup('GROUP', 'g', 'gone', 'COUNT', 10, 'STREAMS', stream, '>');
    await start(namespace, () => undefined);
    await drained(namespace);
    const [processSpan] = named(tracing.spans(), 'process tf:{claimed:md}');
    expect(processSpan?.attributes).toMatchObject({
      'messaging.redis.delivery_count': 2,
      'tickflow.redelivered': true,
      'tickflow.attempt': 2,
    });
    expect(processSpan?.attributes['tickflow.rerun']).toBeUndefined();
  });

  it('given an entry run again after a later one failed (its attempt undone), then its second span says rerun', async () => {
    const namespace = 'rerun';
    await createPublisher(file.redis, { namespace, partitions: 1 }).publishAll([
      tick('AAA', 1),
      tick('AAA', 2),
    ]);
    let failures = 0;
    await start(namespace, (event) => {
      if (event.type === 'market_data' && seqOf(event) === 2 && failures++ === 0)
        throw new FlakyError('once');
    });
    await drained(namespace);
    const spans = named(tracing.spans(), 'process tf:{rerun:md}');
    const ofFirst = spans.filter((s) => s.attributes['messaging.message.id'] === tick('AAA', 1).id);
    expect(ofFirst.map((s) => s.attributes['tickflow.rerun'])).toEqual([undefined, true]);
    expect(ofFirst[1]?.attributes).toMatchObject({ 'tickflow.redelivered': true, 'tickflow.attempt': 1 });
  });
});
