// The publisher's spans against a real Redis, with an SDK registered: a single publish is a
// `send` PRODUCER span, child of the active span, whose context the stored entry carries
// (replacing the one the event had from its cause); a batch is a `create` PRODUCER span per
// event (each a trace root when no span is active) and one `send` CLIENT span with the count
// and a link per event; a failed publish records its error; a tracestate goes along.
import { context, createTraceState, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { type AnyEvent, decodeEvent, deriveEvent, partitionOf } from '@tickflow/events';
import { beforeEach, describe, expect, it } from 'vitest';
import { connect, createPublisher, type PublishResult } from '../../src/index.ts';
import { redisForThisFile } from '../support/redis-per-file.ts';
import { tick } from '../support/ticks.ts';
import { named, registerInMemoryTracing, traceparentOf } from './in-memory-tracing.ts';

const tracing = registerInMemoryTracing();
const file = redisForThisFile();
const test = trace.getTracer('test');

beforeEach(() => tracing.reset());

async function stored(result: PublishResult): Promise<AnyEvent> {
  const [entry] = await file.redis.xrange(result.stream, result.entryId, result.entryId);
  if (entry === undefined) throw new Error(`no entry ${result.entryId} in ${result.stream}`);
  return decodeEvent(entry[1]);
}

function signalOf(cause: AnyEvent, index = 0) {
  return deriveEvent(cause, {
    type: 'signal',
    scope: 'tracing-test',
    index,
    data: { symbol: cause.key, signal: 'long', strength: '1', strategy_id: 's', reason: 'r' },
  });
}

describe('the send span of a single publish', () => {
  it('is a PRODUCER child of the active span, with the attributes, and its context goes in the entry', async () => {
    const publisher = createPublisher(file.redis, { namespace: 'single', partitions: 4 });
    const cause = {
      ...tick('AAA', 1),
      traceparent: '00-11111111111111111111111111111111-2222222222222222-01',
    };
    const event = signalOf(cause);
    const outer = test.startSpan('handler');
    const result = await context.with(trace.setSpan(ROOT_CONTEXT, outer), () => publisher.publish(event));
    outer.end();

    const [send, ...others] = named(tracing.spans(), 'send tf:{single:sig}');
    expect(others).toEqual([]);
    expect(send?.kind).toBe(SpanKind.PRODUCER);
    expect(send?.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(send?.spanContext().traceId).toBe(outer.spanContext().traceId);
    expect(send?.attributes).toMatchObject({
      'messaging.system': 'redis',
      'messaging.operation.name': 'send',
      'messaging.operation.type': 'send',
      'messaging.destination.name': 'tf:{single:sig}',
      'messaging.destination.partition.id': String(partitionOf('AAA', 4)),
      'messaging.message.id': event.id,
      'messaging.redis.stream.entry_id': result.entryId,
      'tickflow.publish.duplicate': false,
    });
    // The cause's traceparent is replaced by the send span's; the caller's event is untouched.
    const entry = await stored(result);
    expect(send).toBeDefined();
    expect(entry.traceparent).toBe(traceparentOf(send?.spanContext()));
    expect(Object.hasOwn(entry, 'tracestate')).toBe(false);
    expect(event.traceparent).toBe(cause.traceparent);
  });

  it('given a span with a tracestate, then the entry carries it too', async () => {
    const publisher = createPublisher(file.redis, { namespace: 'state', partitions: 1 });
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
      traceState: createTraceState('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE'),
      isRemote: true,
    });
    const result = await context.with(parent, () => publisher.publish(tick('AAA', 1)));
    const entry = await stored(result);
    expect(entry.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(entry.tracestate).toBe('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
  });

  it('given a publish that fails, then its send span ends with the error', async () => {
    const broken = await connect({ url: file.server.url }, 'commands');
    broken.disconnect();
    const publisher = createPublisher(broken, { namespace: 'fails', partitions: 1 });
    await expect(publisher.publish(tick('AAA', 1))).rejects.toThrow();
    const [send] = named(tracing.spans(), 'send tf:{fails:md}');
    expect(send?.status.code).toBe(SpanStatusCode.ERROR);
    expect(send?.attributes['error.type']).toBe('RedisUnavailableError');
    expect(send?.events.map((e) => e.name)).toContain('exception');
  });
});

describe('the spans of a batch publish', () => {
  it('are a create PRODUCER span per event (a trace root each, without a span around) and one send CLIENT span linking them', async () => {
    const publisher = createPublisher(file.redis, { namespace: 'batch', partitions: 1 });
    const events = [tick('AAA', 1), tick('BBB', 2), tick('CCC', 3)];
    const results = await publisher.publishAll(events);

    const creates = named(tracing.spans(), 'create tf:{batch:md}');
    const [send] = named(tracing.spans(), 'send tf:{batch:md}');
    expect(creates.map((span) => span.attributes['messaging.message.id'])).toEqual(events.map((e) => e.id));
    for (const create of creates) {
      expect(create.kind).toBe(SpanKind.PRODUCER);
      expect(create.parentSpanContext).toBeUndefined();
      expect(create.attributes).toMatchObject({
        'messaging.operation.name': 'create',
        'messaging.operation.type': 'create',
        'messaging.destination.name': 'tf:{batch:md}',
        'messaging.destination.partition.id': '0',
      });
    }
    expect(new Set(creates.map((span) => span.spanContext().traceId)).size).toBe(3);
    expect(send?.kind).toBe(SpanKind.CLIENT);
    expect(send?.parentSpanContext).toBeUndefined();
    expect(send?.attributes['messaging.batch.message_count']).toBe(3);
    expect(send?.links.map((link) => link.context.spanId)).toEqual(
      creates.map((c) => c.spanContext().spanId),
    );
    expect(send?.links.map((link) => link.attributes?.['messaging.message.id'])).toEqual(
      events.map((e) => e.id),
    );
    // Each entry carries its own create span's context.
    const entries = await Promise.all(results.map(stored));
    expect(entries.map((entry) => entry.traceparent)).toEqual(
      creates.map((create) => traceparentOf(create.spanContext())),
    );
  });

  it('given events of several streams, then the send span names no destination; each create span does', async () => {
    const publisher = createPublisher(file.redis, { namespace: 'mixed', partitions: 1 });
    const cause = tick('AAA', 1);
    await publisher.publishAll([cause, signalOf(cause)]);
    const [send] = named(tracing.spans(), 'send');
    expect(send?.attributes['messaging.destination.name']).toBeUndefined();
    expect(send?.attributes['messaging.batch.message_count']).toBe(2);
    expect(named(tracing.spans(), 'create tf:{mixed:md}')).toHaveLength(1);
    expect(named(tracing.spans(), 'create tf:{mixed:sig}')).toHaveLength(1);
  });
});
