// Log lines written inside a span carry its ids (and none outside), so a backend can join a
// log line to its trace. The kit's SDK registers an AsyncLocalStorage context manager (see
// tracing.int.test.ts for that, across awaits); here a synchronous one and an unregistered
// tracer provider keep the test pure.
import { context, INVALID_SPAN_CONTEXT, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { StackContextManager, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, destination: { write: (chunk: string) => void lines.push(JSON.parse(chunk)) } };
}

describe('log lines and the active span', () => {
  const tracer = new TracerProvider().getTracer('logger-test');

  beforeEach(() => {
    context.setGlobalContextManager(new StackContextManager().enable());
  });
  afterEach(() => {
    context.disable();
  });

  it('carry trace_id and span_id of the active span inside it, and nothing outside', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'svc', level: 'info', pretty: false, destination });
    const ids: { traceId: string; spanId: string }[] = [];
    logger.info('before');
    tracer.startActiveSpan('outer', (outer) => {
      ids.push(outer.spanContext());
      logger.info('in outer');
      tracer.startActiveSpan('inner', (inner) => {
        ids.push(inner.spanContext());
        logger.child({ group: 'g' }).warn({ trace_note: 1 }, 'in inner, from a child logger');
        inner.end();
      });
      logger.info('in outer again');
      outer.end();
    });
    logger.info('after');

    const [outer, inner] = ids;
    expect(lines.map((line) => [line.msg, line.trace_id, line.span_id, line.trace_flags])).toEqual([
      ['before', undefined, undefined, undefined],
      ['in outer', outer?.traceId, outer?.spanId, '01'],
      ['in inner, from a child logger', outer?.traceId, inner?.spanId, '01'],
      ['in outer again', outer?.traceId, outer?.spanId, '01'],
      ['after', undefined, undefined, undefined],
    ]);
    expect(inner?.traceId).toBe(outer?.traceId);
    expect(lines[2]).toMatchObject({ group: 'g', trace_note: 1 });
  });

  it('carry nothing for a span with invalid ids (the no-op API’s spans)', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'svc', level: 'info', pretty: false, destination });
    context.with(trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext(INVALID_SPAN_CONTEXT)), () =>
      logger.info('no-op span'),
    );
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[0]).not.toHaveProperty('span_id');
  });

  it('say which service, version and instance wrote them, on every line', () => {
    const { lines, destination } = capture();
    const logger = createLogger({
      service: 'order-router',
      version: '1.2.3',
      instance: 'host-42',
      level: 'info',
      pretty: false,
      destination,
    });
    logger.info('one');
    logger.child({ component: 'http' }).error('two');
    tracer.startActiveSpan('s', (span) => {
      logger.info('three');
      span.end();
    });
    expect(lines).toHaveLength(3);
    for (const line of lines)
      expect(line).toMatchObject({
        name: 'order-router',
        service_version: '1.2.3',
        service_instance_id: 'host-42',
      });
  });
});
