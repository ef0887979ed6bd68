// An OpenTelemetry SDK registered globally for one test file, as a service registers one
// (packages/service): a tracer provider sampling everything into memory, the W3C propagator
// and the AsyncLocalStorage context manager. Vitest runs each file in a worker of its own,
// so the registration does not leak into other files.

import { context, propagation, type SpanContext, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  type Sampler,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

export interface InMemoryTracing {
  /** Every span ended so far (SimpleSpanProcessor exports each as it ends). */
  spans(): ReadableSpan[];
  reset(): void;
}

export function registerInMemoryTracing(options: { sampler?: Sampler } = {}): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    ...(options.sampler === undefined ? {} : { sampler: options.sampler }),
  });
  const registered =
    trace.setGlobalTracerProvider(provider) &&
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()) &&
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  if (!registered) throw new Error('an OpenTelemetry SDK was already registered in this test worker');
  return { spans: () => exporter.getFinishedSpans(), reset: () => exporter.reset() };
}

/** `00-<trace>-<span>-<flags>`, as the W3C propagator writes a span's context. */
export function traceparentOf(spanContext: SpanContext | undefined): string | undefined {
  if (spanContext === undefined) return undefined;
  return `00-${spanContext.traceId}-${spanContext.spanId}-0${spanContext.traceFlags.toString(16)}`;
}

/** The spans named `name`, in the order they ended. */
export function named(spans: readonly ReadableSpan[], name: string): ReadableSpan[] {
  return spans.filter((span) => span.name === name);
}

/** The span whose id is `spanId`. */
export function byId(spans: readonly ReadableSpan[], spanId: string | undefined): ReadableSpan | undefined {
  return spans.find((span) => span.spanContext().spanId === spanId);
}
