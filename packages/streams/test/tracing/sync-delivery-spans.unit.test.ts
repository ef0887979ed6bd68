// runHandlers with an SDK registered, no Redis: the delivery of synchronous handlers stays
// synchronous, and each handler runs with its own process span active.
import { trace } from '@opentelemetry/api';
import { partitionKeys } from '@tickflow/events';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHandlerRegistry } from '../../src/handlers.ts';
import type { HandlerContext } from '../../src/index.ts';
import { noopMetrics, partitionLabels } from '../../src/metrics.ts';
import { runHandlers } from '../../src/run-handlers.ts';
import { tick } from '../support/ticks.ts';
import { byId, named, registerInMemoryTracing } from './in-memory-tracing.ts';

const tracing = registerInMemoryTracing();

beforeEach(() => tracing.reset());

describe('runHandlers with tracing on', () => {
  it('given synchronous handlers, then the delivery stays synchronous and each runs inside its process span', () => {
    const handlers = createHandlerRegistry({
      failureThreshold: 10,
      coolDownMs: 1_000,
      onChange: () => undefined,
    });
    const active: (string | undefined)[] = [];
    handlers.add('market_data', () => void active.push(trace.getActiveSpan()?.spanContext().spanId), {
      name: 'a',
    });
    handlers.add('market_data', () => void active.push(trace.getActiveSpan()?.spanContext().spanId), {
      name: 'b',
    });
    const delivery = runHandlers({
      event: tick('AAA', 1),
      registrations: handlers.forType('market_data'),
      context: { entryId: '1-0', deliveries: 1, signal: new AbortController().signal } as HandlerContext,
      metrics: noopMetrics,
      labels: partitionLabels(partitionKeys('sync', 'market_data', 0), 'g'),
    });
    expect(delivery).not.toBeInstanceOf(Promise);
    const spans = named(tracing.spans(), 'process tf:{sync:md}');
    expect(spans.map((s) => s.attributes['tickflow.handler'])).toEqual(['a', 'b']);
    expect(active).toEqual(spans.map((s) => s.spanContext().spanId));
    expect(byId(spans, active[0])?.parentSpanContext).toBeUndefined();
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
