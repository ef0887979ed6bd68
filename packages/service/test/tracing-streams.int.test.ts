// The kit tells the streams runtime about the SDK it starts and stops: the runtime's spans go
// to the provider of the setup in force (none after shutdown, the new one after a new setup),
// and a parent-based sampler lets the runtime start no span under an unsampled parent, where
// a sampler deciding on its own still gets asked.
import { context, propagation, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AlwaysOnSampler,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  StackContextManager,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { type AnyEvent, createEvent, decodeEvent } from '@tickflow/events';
import { createPublisher } from '@tickflow/streams';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger, parseConfig, setupTracing, type Tracing } from '../src/index.ts';
import { resolveServiceIdentity } from '../src/service-identity.ts';
import { type OtlpReceiver, startOtlpReceiver } from './support/otlp-receiver.ts';

let redis: EphemeralRedis;
let client: Redis;
const receivers: OtlpReceiver[] = [];
let started: Tracing | undefined;
beforeAll(async () => {
  redis = await startEphemeralRedis();
  client = new Redis(redis.url);
});
afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});
afterEach(async () => {
  await started?.shutdown();
  started = undefined;
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  trace.disable();
  context.disable();
  propagation.disable();
});

/** setupTracing as runService calls it, exporting OTLP/JSON to a new receiver. */
async function startTracing(otel: Record<string, string> = {}) {
  const receiver = await startOtlpReceiver();
  receivers.push(receiver);
  const config = parseConfig('streams-test', z.object({}), {
    REDIS_URL: redis.url,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    ...otel,
  });
  const identity = resolveServiceIdentity('streams-test', config);
  const logger = createLogger({ service: identity.name, level: 'silent', pretty: false });
  started = await setupTracing({ config, identity, logger, shutdownTimeoutMs: 2_000 });
  expect(started.enabled).toBe(true);
  return { tracing: started, receiver };
}

let seq = 0;
function aSignal(): AnyEvent {
  seq++;
  return createEvent({
    type: 'signal',
    data: { symbol: 'AAA', signal: 'long', strength: '1', strategy_id: `s${seq}`, reason: 'r' },
    ts_event: BigInt(seq),
  });
}

/** Publishes one event through the runtime (under `parent`) and reads back what was stored. */
async function publishOne(namespace: string, parent = ROOT_CONTEXT): Promise<AnyEvent> {
  const publisher = createPublisher(client, { namespace, partitions: 1 });
  const { stream, entryId } = await context.with(parent, () => publisher.publish(aSignal()));
  const [entry] = await client.xrange(stream, entryId, entryId);
  return decodeEvent(entry?.[1] ?? []);
}

const sendSpans = (receiver: OtlpReceiver, namespace: string) =>
  receiver.spans().filter((span) => span.name === `send tf:{${namespace}:sig}`);

const UNSAMPLED = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.NONE,
  isRemote: true,
};
const unsampledParent = trace.setSpanContext(ROOT_CONTEXT, UNSAMPLED);

describe('the streams runtime under the kit’s tracing', () => {
  it('sends its spans to the SDK in force: none after shutdown, the new one after a new setup', async () => {
    const first = await startTracing();
    await publishOne('first');
    await first.tracing.flush();
    expect(sendSpans(first.receiver, 'first')).toHaveLength(1);
    await first.tracing.shutdown();

    const untraced = await publishOne('between');
    expect(untraced.traceparent).toBeUndefined();

    const second = await startTracing();
    const traced = await publishOne('second');
    await second.tracing.flush();
    const [span] = sendSpans(second.receiver, 'second');
    expect(traced.traceparent).toBe(`00-${span?.traceId}-${span?.spanId}-01`);
    // Nothing more went to the first SDK's exporter.
    expect(first.receiver.spans().map((s) => s.name)).toEqual(['send tf:{first:sig}']);
  });

  it('after shutdown, lets a provider registered by other means take the spans, its sampler deciding', async () => {
    const kit = await startTracing({ OTEL_TRACES_SAMPLER: 'parentbased_always_on' });
    await kit.tracing.shutdown();
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(
      new TracerProvider({
        sampler: new AlwaysOnSampler(),
        spanProcessors: [new SimpleSpanProcessor({ exporter })],
      }),
    );
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    context.setGlobalContextManager(new StackContextManager().enable());
    const stored = await publishOne('other', unsampledParent);
    const [span] = exporter.getFinishedSpans().filter((s) => s.name === 'send tf:{other:sig}');
    // Neither the stopped SDK's tracer nor its sampler's kind is left behind.
    expect(span?.parentSpanContext?.spanId).toBe(UNSAMPLED.spanId);
    expect(stored.traceparent).toBe(`00-${UNSAMPLED.traceId}-${span?.spanContext().spanId}-01`);
  });

  it('given a parent-based sampler, then no span under an unsampled parent: its context goes on as it is', async () => {
    const { tracing, receiver } = await startTracing({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio' });
    const stored = await publishOne('follows', unsampledParent);
    expect(stored.traceparent).toBe(`00-${UNSAMPLED.traceId}-${UNSAMPLED.spanId}-00`);
    // A root publish after it: exported, so everything before it was too.
    await publishOne('follows');
    await tracing.flush();
    expect(sendSpans(receiver, 'follows').map((span) => span.parentSpanId)).toEqual(['']);
  });

  it('given a sampler that decides on its own, then a span under an unsampled parent, sampled by it', async () => {
    const { tracing, receiver } = await startTracing({ OTEL_TRACES_SAMPLER: 'always_on' });
    const stored = await publishOne('own-mind', unsampledParent);
    await tracing.flush();
    const [span] = sendSpans(receiver, 'own-mind');
    expect(span).toMatchObject({ traceId: UNSAMPLED.traceId, parentSpanId: UNSAMPLED.spanId });
    expect(stored.traceparent).toBe(`00-${UNSAMPLED.traceId}-${span?.spanId}-01`);
  });
});
