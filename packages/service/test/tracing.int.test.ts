// runService starts the OpenTelemetry SDK from its env object: spans made with nothing but
// @opentelemetry/api reach an OTLP receiver with the service's resource, the sampler is
// respected, W3C context propagates, and the disabled variants start nothing at all.
import { hostname } from 'node:os';
import { context, propagation, type SpanContext, trace } from '@opentelemetry/api';
import { type EphemeralRedis, startEphemeralRedis } from '@tickflow/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { type RunningService, runService } from '../src/index.ts';
import { type OtlpReceiver, startOtlpReceiver } from './support/otlp-receiver.ts';

let redis: EphemeralRedis;
let receiver: OtlpReceiver;
beforeAll(async () => {
  redis = await startEphemeralRedis();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  await receiver?.close();
  // The kit unregisters its SDK on stop; this keeps a failed test from leaking into the next.
  trace.disable();
  context.disable();
  propagation.disable();
});

const REMOTE_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const REMOTE_SPAN_ID = '00f067aa0ba902b7';

interface Seen {
  root?: SpanContext;
  rootRecording?: boolean;
  activeAfterAwait?: string | undefined;
  injected?: Record<string, string>;
  child?: SpanContext;
  childInjected?: Record<string, string>;
}

/** Runs a service whose setup makes a root span and a child of a sampled remote parent, then stops it. */
async function runTracedService(otel: Record<string, string>): Promise<Seen> {
  const seen: Seen = {};
  const running = (await runService(
    {
      name: 'tracing-test',
      config: z.object({}),
      async setup() {
        const tracer = trace.getTracer('kit-test');
        await tracer.startActiveSpan('root-probe', async (span) => {
          await new Promise((resolve) => setImmediate(resolve)); // an async hop: the context survives
          seen.activeAfterAwait = trace.getActiveSpan()?.spanContext().spanId;
          seen.injected = {};
          propagation.inject(context.active(), seen.injected);
          seen.root = span.spanContext();
          seen.rootRecording = span.isRecording();
          span.end();
        });
        const remote = propagation.extract(context.active(), {
          traceparent: `00-${REMOTE_TRACE_ID}-${REMOTE_SPAN_ID}-01`,
          tracestate: 'vendor=opaque',
        });
        const child = tracer.startSpan('child-probe', {}, remote);
        seen.child = child.spanContext();
        seen.childInjected = {};
        propagation.inject(trace.setSpan(context.active(), child), seen.childInjected);
        child.end();
      },
    },
    {
      env: {
        REDIS_URL: redis.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: '0',
        LOG_LEVEL: 'silent',
        TICKFLOW_NAMESPACE: 'traced',
        ...otel,
      },
      exit: () => undefined,
      handleSignals: false,
    },
  )) as RunningService;
  expect(await running.stop()).toBe(0); // stop flushes the last spans
  return seen;
}

const sdkIsRegistered = () =>
  trace.isSpanContextValid(trace.getTracer('probe').startSpan('probe').spanContext());

describe('tracing started by runService', () => {
  it('exports spans with the service’s resource, propagates W3C context, and unregisters on stop', async () => {
    receiver = await startOtlpReceiver();
    const seen = await runTracedService({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
    });
    const spans = receiver.spans();
    expect(spans.map((span) => span.name).sort()).toEqual(['child-probe', 'root-probe']);
    expect(receiver.requests.every((request) => request.path === '/v1/traces')).toBe(true);
    expect(spans[0]?.resource).toMatchObject({
      'service.name': 'tracing-test',
      'service.instance.id': `${hostname()}-${process.pid}`,
      'service.namespace': 'traced',
      'deployment.environment.name': 'test',
    });
    expect(spans[0]?.resource['service.version']).toMatch(/\S/);

    const root = spans.find((span) => span.name === 'root-probe');
    expect(root).toMatchObject({ traceId: seen.root?.traceId, spanId: seen.root?.spanId, parentSpanId: '' });
    expect(seen.activeAfterAwait).toBe(seen.root?.spanId);
    expect(seen.injected).toEqual({ traceparent: `00-${seen.root?.traceId}-${seen.root?.spanId}-01` });
    const child = spans.find((span) => span.name === 'child-probe');
    expect(child).toMatchObject({ traceId: REMOTE_TRACE_ID, parentSpanId: REMOTE_SPAN_ID });
    expect(seen.childInjected).toEqual({
      traceparent: `00-${REMOTE_TRACE_ID}-${seen.child?.spanId}-01`,
      tracestate: 'vendor=opaque',
    });
    expect(sdkIsRegistered()).toBe(false);
  });

  it('exports OTLP/HTTP protobuf by default', async () => {
    receiver = await startOtlpReceiver();
    await runTracedService({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces` });
    expect(receiver.requests.length).toBeGreaterThan(0);
    expect(receiver.requests[0]?.contentType).toBe('application/x-protobuf');
    const body = Buffer.concat(receiver.requests.map((request) => request.body));
    for (const text of ['root-probe', 'child-probe', 'tracing-test']) expect(body.includes(text)).toBe(true);
  });

  it('respects the sampler: traceidratio 0 exports nothing, even under a sampled parent', async () => {
    receiver = await startOtlpReceiver();
    const seen = await runTracedService({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER: 'traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0',
    });
    // The SDK ran (real ids) and sampled the spans out.
    expect(trace.isSpanContextValid(seen.root as SpanContext)).toBe(true);
    expect(seen.rootRecording).toBe(false);
    expect(receiver.requests).toEqual([]);
  });

  it('respects the sampler: parentbased_traceidratio 0 drops new traces, follows sampled parents', async () => {
    receiver = await startOtlpReceiver();
    await runTracedService({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0',
    });
    expect(receiver.spans().map((span) => [span.name, span.traceId])).toEqual([
      ['child-probe', REMOTE_TRACE_ID],
    ]);
  });

  it.each([
    ['OTEL_SDK_DISABLED=true', { OTEL_SDK_DISABLED: 'true' }],
    ['OTEL_TRACES_EXPORTER=none', { OTEL_TRACES_EXPORTER: 'none' }],
    ['no endpoint', { OTEL_EXPORTER_OTLP_ENDPOINT: '' }],
  ])('starts no SDK with %s: the API stays a no-op', async (_, otel) => {
    receiver = await startOtlpReceiver();
    const seen = await runTracedService({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      ...otel,
    });
    expect(trace.isSpanContextValid(seen.root as SpanContext)).toBe(false);
    expect(seen.injected).toEqual({});
    expect(receiver.requests).toEqual([]);
  });

  it('refuses bad OTEL_* values at start-up with exit 2, naming each variable', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const exits: number[] = [];
    let written = '';
    try {
      const running = await runService(
        { name: 'tracing-test', config: z.object({}), setup: () => undefined },
        {
          env: {
            REDIS_URL: redis.url,
            OTEL_TRACES_SAMPLER_ARG: '2',
            OTEL_TRACES_SAMPLER: 'sometimes',
            OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url',
            OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
          },
          exit: (code) => exits.push(code),
          handleSignals: false,
        },
      );
      expect(running).toBeUndefined();
      written = stderr.mock.calls.map(([chunk]) => String(chunk)).join('');
    } finally {
      stderr.mockRestore();
    }
    expect(exits).toEqual([2]);
    for (const variable of [
      'OTEL_TRACES_SAMPLER_ARG',
      'OTEL_TRACES_SAMPLER',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_PROTOCOL',
    ])
      expect(written).toContain(`  ${variable}: `);
    expect(sdkIsRegistered()).toBe(false);
  });
});
