// The runtime's tracer, from the global OpenTelemetry API: a library depends on the API
// only. With no SDK registered every call on it is a no-op; once a service registers a
// provider (packages/service), this same proxy tracer delegates to it.
import { INVALID_SPAN_CONTEXT, isSpanContextValid, type Span, trace } from '@opentelemetry/api';
import packageJson from '../../package.json' with { type: 'json' };

export const TRACER_NAME = '@tickflow/streams';

export const tracer = trace.getTracer(TRACER_NAME, packageJson.version);

/** A span that is nothing: what tracing code hands back when it could not start one. */
export const NO_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/**
 * True when the span has a context to propagate: always with an SDK (sampled or not), never
 * with the no-op tracer and no span around. The identity check spares the no-op case the
 * id regexes of isSpanContextValid.
 */
export function hasContext(span: Span): boolean {
  const spanContext = span.spanContext();
  return spanContext !== INVALID_SPAN_CONTEXT && isSpanContextValid(spanContext);
}
