import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseConfig } from '../src/index.ts';
import { packageVersionOf, resolveServiceIdentity } from '../src/service-identity.ts';
import { SAMPLERS } from '../src/tracing/otel-config.ts';
import { createSampler } from '../src/tracing/samplers.ts';
import { followsUnsampledParents, planTracing, type TracingOn } from '../src/tracing/tracing-plan.ts';

const base = { REDIS_URL: 'redis://127.0.0.1:7000' };
const parse = (env: Record<string, string>) => parseConfig('svc', z.object({}), { ...base, ...env });
const plan = (env: Record<string, string>) => planTracing(parse(env));
const on = (env: Record<string, string>) => {
  const result = plan(env);
  if (!result.enabled) throw new Error(`expected tracing on, got off: ${result.reason}`);
  return result as TracingOn;
};
const issuesOf = (env: Record<string, string>): string[] => {
  try {
    parse(env);
  } catch (error) {
    if (error instanceof ConfigError)
      return error.issues.map((issue) => `${issue.variable}: ${issue.message}`);
    throw error;
  }
  return [];
};

describe('OTEL_* variables: when tracing is off', () => {
  it('is off without an endpoint, when disabled, and with the none exporter', () => {
    expect(plan({})).toEqual({
      enabled: false,
      reason: 'no OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    });
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(plan({ ...endpoint, OTEL_SDK_DISABLED: 'TRUE' })).toMatchObject({ enabled: false });
    expect(plan({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toMatchObject({ enabled: false });
    expect(plan({ ...endpoint, OTEL_SDK_DISABLED: 'false' })).toMatchObject({ enabled: true });
  });

  it('runs the console exporter alone without an endpoint', () => {
    expect(on({ OTEL_TRACES_EXPORTER: 'console' })).toMatchObject({ otlp: undefined, console: true });
    expect(plan({ OTEL_TRACES_EXPORTER: 'otlp' })).toMatchObject({ enabled: false });
  });
});

describe('OTEL_* variables: the OTLP exporter', () => {
  it('appends v1/traces to the base endpoint and uses the traces endpoint as given', () => {
    expect(on({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).otlp?.url).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(on({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example/api/' }).otlp?.url).toBe(
      'https://otlp.example/api/v1/traces',
    );
    expect(
      on({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/custom/path',
      }).otlp?.url,
    ).toBe('http://tempo:4318/custom/path');
  });

  it('defaults to http/protobuf, 10 s, no headers; the traces variables win over the shared ones', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(on(endpoint).otlp).toMatchObject({ protocol: 'http/protobuf', timeoutMs: 10_000, headers: {} });
    expect(
      on({
        ...endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TIMEOUT: '3000',
        OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '2000',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-team=core, authorization=Basic%20abc%3D',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-team=traces',
      }).otlp,
    ).toEqual({
      url: 'http://collector:4318/v1/traces',
      protocol: 'http/json',
      timeoutMs: 2_000,
      headers: { 'x-team': 'traces', authorization: 'Basic abc=' },
    });
  });
});

describe('OTEL_* variables: sampler, propagators, batching', () => {
  const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };

  it('defaults to parentbased_always_on, W3C trace context and baggage, the spec’s batch sizes', () => {
    expect(on(endpoint)).toMatchObject({
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
      propagators: ['tracecontext', 'baggage'],
      batch: {
        scheduledDelayMillis: 5_000,
        exportTimeoutMillis: 30_000,
        maxQueueSize: 2_048,
        maxExportBatchSize: 512,
      },
    });
  });

  it('takes the sampler and its ratio, propagators (none: no propagator) and batch settings', () => {
    expect(
      on({
        ...endpoint,
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.01',
        OTEL_PROPAGATORS: 'tracecontext',
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_BSP_MAX_QUEUE_SIZE: '100',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '100',
      }),
    ).toMatchObject({
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.01,
      propagators: ['tracecontext'],
      batch: { scheduledDelayMillis: 200, maxQueueSize: 100, maxExportBatchSize: 100 },
    });
    expect(on({ ...endpoint, OTEL_PROPAGATORS: 'none' }).propagators).toEqual([]);
  });

  it('builds samplers that decide as their names say', () => {
    const decide = (name: Parameters<typeof createSampler>[0], ratio: number) =>
      createSampler(name, ratio).shouldSample(ROOT_CONTEXT, 'f'.repeat(32), 'span', SpanKind.INTERNAL, {}, [])
        .decision;
    expect(decide('always_on', 0)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide('always_off', 1)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide('traceidratio', 0)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide('traceidratio', 1)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide('parentbased_traceidratio', 0)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide('parentbased_always_on', 0)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('says which samplers never sample a child of an unsampled parent (the streams runtime skips those spans)', () => {
    const unsampledParent = (isRemote: boolean) =>
      trace.setSpanContext(ROOT_CONTEXT, {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        traceFlags: TraceFlags.NONE,
        isRemote,
      });
    const samplesAChild = (name: (typeof SAMPLERS)[number]) =>
      [0, 1].some((ratio) =>
        [true, false].some(
          (isRemote) =>
            createSampler(name, ratio).shouldSample(
              unsampledParent(isRemote),
              '4bf92f3577b34da6a3ce929d0e0e4736',
              'span',
              SpanKind.CONSUMER,
              {},
              [],
            ).decision !== SamplingDecision.NOT_RECORD,
        ),
      );
    expect(SAMPLERS.filter(followsUnsampledParents)).toEqual([
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ]);
    for (const name of SAMPLERS.filter(followsUnsampledParents)) expect(samplesAChild(name)).toBe(false);
    // The others decide on their own: these two do sample such a child.
    expect(samplesAChild('always_on')).toBe(true);
    expect(samplesAChild('traceidratio')).toBe(true);
  });
});

describe('OTEL_* variables: bad values stop the service at start-up, naming the variable', () => {
  it.each([
    [{ OTEL_TRACES_SAMPLER_ARG: '2' }, 'OTEL_TRACES_SAMPLER_ARG: expected a ratio from 0 to 1'],
    [{ OTEL_TRACES_SAMPLER_ARG: 'half' }, 'OTEL_TRACES_SAMPLER_ARG: expected a ratio from 0 to 1'],
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER: expected one of always_on, always_off,'],
    [{ OTEL_TRACES_SAMPLER: 'jaeger_remote' }, 'OTEL_TRACES_SAMPLER: expected one of'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT: expected an http://'],
    [
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://x/' },
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: expected an http',
    ],
    [
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      'OTEL_EXPORTER_OTLP_PROTOCOL: grpc is not supported by this build',
    ],
    [
      { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'thrift' },
      'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: expected http/protobuf',
    ],
    [{ OTEL_TRACES_EXPORTER: 'otlp,zipkin' }, 'OTEL_TRACES_EXPORTER: unsupported: zipkin;'],
    [{ OTEL_PROPAGATORS: 'tracecontext,b3' }, 'OTEL_PROPAGATORS: unsupported: b3;'],
    [{ OTEL_SDK_DISABLED: 'yes' }, 'OTEL_SDK_DISABLED: expected true or false'],
    [{ OTEL_EXPORTER_OTLP_TIMEOUT: '0' }, 'OTEL_EXPORTER_OTLP_TIMEOUT: expected milliseconds'],
    [
      { OTEL_RESOURCE_ATTRIBUTES: 'team=core,orphan' },
      'OTEL_RESOURCE_ATTRIBUTES: entry 2 of 2: expected key=value',
    ],
    [
      { OTEL_BSP_MAX_QUEUE_SIZE: '10', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '20' },
      'OTEL_BSP_MAX_EXPORT_BATCH_SIZE: must not exceed OTEL_BSP_MAX_QUEUE_SIZE (10)',
    ],
  ])('%o', (env, expected) => {
    const issues = issuesOf(env);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(expected);
  });

  it('never repeats a header value or an endpoint in the error', () => {
    const issues = issuesOf({
      OTEL_EXPORTER_OTLP_HEADERS: 'x-team=core,authorization=Bearer%20s3cr3t-header-value%zz',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http//user:s3cr3t-url-password@collector',
    });
    expect(issues).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT: expected an http:// or https:// URL',
      'OTEL_EXPORTER_OTLP_HEADERS: entry 2 of 2 (authorization): bad percent-encoding',
    ]);
    expect(issues.join('\n')).not.toContain('s3cr3t');
  });
});

describe('the service identity', () => {
  const config = {
    TICKFLOW_NAMESPACE: 'live',
    OTEL_SERVICE_NAME: undefined,
    OTEL_RESOURCE_ATTRIBUTES: undefined,
  };
  const thisFile = fileURLToPath(import.meta.url);
  const kitVersion = (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;

  it('is the service’s name, its package’s version, host-pid and the namespace by default', () => {
    expect(resolveServiceIdentity('order-router', config, thisFile)).toEqual({
      name: 'order-router',
      version: kitVersion,
      instanceId: `${hostname()}-${process.pid}`,
      namespace: 'live',
    });
  });

  it('takes OTEL_SERVICE_NAME, then what OTEL_RESOURCE_ATTRIBUTES says', () => {
    const attributes = {
      'service.name': 'from-attributes',
      'service.version': '9.9.9',
      'service.instance.id': 'pod-7',
      'service.namespace': 'paper',
    };
    expect(
      resolveServiceIdentity('svc', { ...config, OTEL_RESOURCE_ATTRIBUTES: attributes }, thisFile),
    ).toEqual({ name: 'from-attributes', version: '9.9.9', instanceId: 'pod-7', namespace: 'paper' });
    expect(
      resolveServiceIdentity('svc', {
        ...config,
        OTEL_SERVICE_NAME: 'explicit',
        OTEL_RESOURCE_ATTRIBUTES: attributes,
      }).name,
    ).toBe('explicit');
  });

  it('finds no version for a script inside node_modules (a test runner) or no script', () => {
    expect(packageVersionOf('/srv/app/node_modules/vitest/vitest.mjs')).toBeUndefined();
    expect(packageVersionOf(undefined)).toBeUndefined();
    expect(resolveServiceIdentity('svc', config, '/srv/app/node_modules/x/cli.js').version).toBe('unknown');
  });
});
