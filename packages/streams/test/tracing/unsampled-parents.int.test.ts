// Entries whose trace is not sampled, against a real Redis with an SDK registered. When the
// kit says its sampler is parent-based (configureStreamsTracing), no span is started under an
// unsampled parent: the sampler is not even asked, the handler runs under the entry's context,
// and what it publishes carries that context as it came (same trace, flags 00). A sampled entry
// still gets its whole trace. With a sampler that decides on its own, spans are started.
import { type Attributes, type Context, type Link, type SpanKind, trace } from '@opentelemetry/api';
import {
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  type SamplingResult,
} from '@opentelemetry/sdk-trace';
import { type AnyEvent, createEvent, decodeEvent, encodeEvent, partitionKeys } from '@tickflow/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Consumer, configureStreamsTracing, createPublisher } from '../../src/index.ts';
import { redisForThisFile } from '../support/redis-per-file.ts';
import { tick } from '../support/ticks.ts';
import { drained as drainedIn, type Handle, signalOf, startConsumer } from './consumer-under-test.ts';
import { named, registerInMemoryTracing, traceparentOf } from './in-memory-tracing.ts';

const UNSAMPLED_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SAMPLED_TRACE = '0af7651916cd43dd8448eb211c80319c';
const UPSTREAM_SPAN = '00f067aa0ba902b7';
const TRACESTATE = 'rojo=00f067aa0ba902b7';

/** The sampler of this file's SDK, swapped per test; counts the trace ids it was asked about. */
class SwitchableSampler implements Sampler {
  current: Sampler = new ParentBasedSampler({ root: new AlwaysOnSampler() });
  readonly asked: string[] = [];
  shouldSample(
    context: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    this.asked.push(traceId);
    return this.current.shouldSample(context, traceId, name, kind, attributes, links);
  }
  toString(): string {
    return `switchable(${this.current.toString()})`;
  }
}

const sampler = new SwitchableSampler();
const tracing = registerInMemoryTracing({ sampler });
const file = redisForThisFile();
let consumer: Consumer | undefined;

beforeEach(() => {
  tracing.reset();
  sampler.asked.length = 0;
});
afterEach(async () => {
  await consumer?.stop();
  consumer = undefined;
  configureStreamsTracing({ followUnsampledParents: false });
  sampler.current = new ParentBasedSampler({ root: new AlwaysOnSampler() });
});

const drained = (namespace: string) => drainedIn(file.redis, namespace);

/** Writes a tick carrying `traceparent` (and the tracestate) as an upstream service would have. */
async function writeTick(namespace: string, seq: number, traceparent: string): Promise<void> {
  const { type, data, ts_event } = tick('AAA', seq);
  const event = createEvent({ type, data, ts_event, traceparent, tracestate: TRACESTATE });
  await file.redis.xadd(partitionKeys(namespace, 'market_data', 0).stream, '*', ...encodeEvent(event));
}

/** A signal made from nothing but the tick's symbol: no trace context of its own. */
function freshSignal(cause: AnyEvent, strategy: string) {
  return createEvent({
    type: 'signal',
    data: { symbol: cause.key, signal: 'long', strength: '1', strategy_id: strategy, reason: 'r' },
    ts_event: cause.ts_event,
  });
}

/** Publishes a derived signal alone, then two fresh ones in one publishAll. */
const publishing: Handle = async (event, context) => {
  await context.publish(signalOf(event));
  await context.publishAll([freshSignal(event, 'a'), freshSignal(event, 'b')]);
};

async function signalsOf(namespace: string): Promise<AnyEvent[]> {
  const entries = await file.redis.xrange(partitionKeys(namespace, 'signal', 0).stream, '-', '+');
  return entries.map(([, fields]) => decodeEvent(fields));
}

const inTrace = (traceId: string) => tracing.spans().filter((span) => span.spanContext().traceId === traceId);

describe('unsampled parents', () => {
  it('given a parent-based sampler, then an unsampled entry gets no span and passes its context on as it came', async () => {
    configureStreamsTracing({ followUnsampledParents: true });
    const namespace = 'unsampled';
    const unsampled = `00-${UNSAMPLED_TRACE}-${UPSTREAM_SPAN}-00`;
    await writeTick(namespace, 1, unsampled);
    // A sampled entry after it: once its ack has its span, everything of the first is done.
    await writeTick(namespace, 2, `00-${SAMPLED_TRACE}-${UPSTREAM_SPAN}-01`);
    consumer = await startConsumer(file.server.url, namespace, publishing);
    await drained(namespace);
    await expect.poll(() => named(inTrace(SAMPLED_TRACE), 'settle tf:{unsampled:md}').length).toBe(1);

    expect(inTrace(UNSAMPLED_TRACE)).toEqual([]);
    // Not even a span that would not record: the sampler was never asked.
    expect(sampler.asked.filter((traceId) => traceId === UNSAMPLED_TRACE)).toEqual([]);
    const signals = (await signalsOf(namespace)).filter((s) => s.traceparent?.includes(UNSAMPLED_TRACE));
    // The derived signal and both fresh ones: the entry's own context, flags 00.
    expect(signals.map((s) => [s.traceparent, s.tracestate])).toEqual([
      [unsampled, TRACESTATE],
      [unsampled, TRACESTATE],
      [unsampled, TRACESTATE],
    ]);
  });

  it('given a parent-based sampler, then a sampled entry still gets its whole trace', async () => {
    configureStreamsTracing({ followUnsampledParents: true });
    const namespace = 'sampled';
    await writeTick(namespace, 1, `00-${SAMPLED_TRACE}-${UPSTREAM_SPAN}-01`);
    consumer = await startConsumer(file.server.url, namespace, publishing);
    await drained(namespace);
    await expect.poll(() => named(tracing.spans(), 'settle tf:{sampled:md}').length).toBe(1);

    const spans = inTrace(SAMPLED_TRACE);
    const [processSpan] = named(spans, 'process tf:{sampled:md}');
    expect(processSpan?.parentSpanContext?.spanId).toBe(UPSTREAM_SPAN);
    const [send] = named(spans, 'send tf:{sampled:sig}');
    const creates = named(spans, 'create tf:{sampled:sig}');
    expect(creates).toHaveLength(2);
    for (const child of [send, ...creates]) {
      expect(child?.parentSpanContext?.spanId).toBe(processSpan?.spanContext().spanId);
    }
    const [settle] = named(spans, 'settle tf:{sampled:md}');
    expect(settle?.parentSpanContext?.spanId).toBe(processSpan?.spanContext().spanId);
    // Each signal carries its own producer span's context, sampled.
    const expected = [send, ...creates].map((span) => traceparentOf(span?.spanContext())).sort();
    expect((await signalsOf(namespace)).map((s) => s.traceparent).sort()).toEqual(expected);
    expect(expected.every((value) => value?.endsWith('-01'))).toBe(true);
  });

  it('given a sampler that decides on its own, then spans are started under an unsampled parent', async () => {
    // always_on: it samples a child whatever its parent says.
    sampler.current = new AlwaysOnSampler();
    configureStreamsTracing({ followUnsampledParents: false });
    const namespace = 'own-mind';
    await writeTick(namespace, 1, `00-${UNSAMPLED_TRACE}-${UPSTREAM_SPAN}-00`);
    consumer = await startConsumer(file.server.url, namespace, publishing);
    await drained(namespace);
    await expect.poll(() => named(tracing.spans(), 'settle tf:{own-mind:md}').length).toBe(1);

    const spans = inTrace(UNSAMPLED_TRACE);
    const [processSpan] = named(spans, 'process tf:{own-mind:md}');
    expect(processSpan?.parentSpanContext?.spanId).toBe(UPSTREAM_SPAN);
    expect(named(spans, 'send tf:{own-mind:sig}')[0]?.parentSpanContext?.spanId).toBe(
      processSpan?.spanContext().spanId,
    );
    expect(named(spans, 'create tf:{own-mind:sig}')).toHaveLength(2);
    expect((await signalsOf(namespace)).every((s) => s.traceparent?.endsWith('-01'))).toBe(true);
  });

  it('given a parent-based sampler and no parent at all, then the sampler still starts the trace', async () => {
    configureStreamsTracing({ followUnsampledParents: true });
    const published = await createPublisher(file.redis, { namespace: 'root', partitions: 1 }).publish(
      tick('AAA', 1),
    );
    await expect.poll(() => named(tracing.spans(), 'send tf:{root:md}').length).toBe(1);
    const [send] = named(tracing.spans(), 'send tf:{root:md}');
    expect(send?.parentSpanContext).toBeUndefined();
    expect(send?.attributes['messaging.redis.stream.entry_id']).toBe(published.entryId);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
