// A collector that refuses or stalls never crashes or stalls a service: failures are logged
// once (rate-limited), and stop stays within its grace. And with the real SDK (its
// AsyncLocalStorage context manager), log lines inside a span carry its ids across awaits.
import { context, propagation, trace } from '@opentelemetry/api';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createLogger,
  parseConfig,
  type RunningService,
  runService,
  setupTracing,
  type Tracing,
} from '../src/index.ts';
import { resolveServiceIdentity } from '../src/service-identity.ts';
import { type OtlpReceiver, startOtlpReceiver } from './support/otlp-receiver.ts';

let redis: EphemeralRedis;
let receiver: OtlpReceiver;
beforeAll(async () => {
  redis = await startEphemeralRedis();
});
afterAll(async () => {
  await redis?.stop();
});
let started: Tracing | undefined;
afterEach(async () => {
  await started?.shutdown(); // idempotent: also when a failed test did not get there
  await receiver?.close();
  trace.disable();
  context.disable();
  propagation.disable();
});

/** setupTracing as runService calls it, its logger writing parsed lines into `lines`. */
async function tracingWithLogs(env: Record<string, string>) {
  const lines: Record<string, unknown>[] = [];
  const config = parseConfig('failing-test', z.object({}), { REDIS_URL: 'redis://127.0.0.1:1', ...env });
  const identity = resolveServiceIdentity('failing-test', config);
  const logger = createLogger({
    service: identity.name,
    level: 'info',
    pretty: false,
    destination: { write: (chunk: string) => void lines.push(JSON.parse(chunk)) },
  });
  const tracing = await setupTracing({ config, identity, logger, shutdownTimeoutMs: 1_000 });
  started = tracing;
  return { tracing, logger, lines };
}

describe('export failures', () => {
  it('are logged once at warn, not once per failed export, and never thrown', async () => {
    receiver = await startOtlpReceiver(400); // not retryable: each export fails at once
    const { tracing, lines } = await tracingWithLogs({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '1', // the batch processor's own exports, as in production
    });
    expect(tracing.enabled).toBe(true);
    const warnings = () => lines.filter((line) => line.level === 40);
    for (let export_ = 1; export_ <= 3; export_++) {
      trace.getTracer('t').startSpan(`span ${export_}`).end();
      await waitFor(() => receiver.requests.length === export_, {
        timeoutMs: 15_000,
        description: `export ${export_} received`,
      });
      // The first failure is logged as it happens, not only when someone flushes.
      if (export_ === 1)
        await waitFor(() => warnings().length === 1, { timeoutMs: 15_000, description: 'a warning' });
    }
    trace.getTracer('t').startSpan('span 4').end();
    await tracing.flush(); // an explicit flush fails too
    await tracing.shutdown();
    expect(receiver.requests).toHaveLength(4);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({
      msg: 'tracing: span export failed; spans dropped',
      failuresNotLogged: 0,
    });
  });

  it('do not hold a service’s stop past its grace when the collector keeps answering 503', async () => {
    receiver = await startOtlpReceiver(503); // retryable: the exporter backs off and retries
    const running = (await runService(
      {
        name: 'stalled-collector',
        config: z.object({}),
        setup: () => trace.getTracer('t').startSpan('never exported').end(),
      },
      {
        env: {
          REDIS_URL: redis.url,
          HTTP_HOST: '127.0.0.1',
          HTTP_PORT: '0',
          LOG_LEVEL: 'silent',
          SHUTDOWN_GRACE_MS: '2000', // tracing gets half: 1 s
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        },
        exit: () => undefined,
        handleSignals: false,
      },
    )) as RunningService;
    // 1: the stop deadline passed. The exporter would retry for up to 10 s.
    expect(await running.stop()).toBe(0);
    expect(receiver.requests.length).toBeGreaterThan(0);
  });
});

describe('a second setup in the same process', () => {
  it('keeps the first SDK and starts none (one tracer provider per process)', async () => {
    receiver = await startOtlpReceiver();
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' };
    const first = await tracingWithLogs(env);
    const second = await tracingWithLogs(env);
    expect([first.tracing.enabled, second.tracing.enabled]).toEqual([true, false]);
    expect(second.lines.map((line) => line.msg)).toEqual([
      'tracing: a tracer provider is already registered in this process; using it',
    ]);
    trace.getTracer('t').startSpan('still exported').end();
    await second.tracing.shutdown(); // a no-op: the first one's SDK goes on
    await first.tracing.shutdown();
    expect(receiver.spans().map((span) => span.name)).toEqual(['still exported']);
  });
});

describe('log lines with the SDK running', () => {
  it('carry the active span’s ids across awaits, and none outside a span', async () => {
    receiver = await startOtlpReceiver();
    const { tracing, logger, lines } = await tracingWithLogs({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    let ids: { traceId: string; spanId: string } | undefined;
    await trace.getTracer('t').startActiveSpan('handler', async (span) => {
      ids = span.spanContext();
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info('inside, after an await');
      span.end();
    });
    logger.info('outside');
    await tracing.shutdown();
    const inside = lines.find((line) => line.msg === 'inside, after an await');
    expect(inside).toMatchObject({ trace_id: ids?.traceId, span_id: ids?.spanId, trace_flags: '01' });
    expect(lines.find((line) => line.msg === 'outside')).not.toHaveProperty('trace_id');
    expect(receiver.spans().map((span) => [span.name, span.traceId])).toEqual([['handler', ids?.traceId]]);
  });
});
