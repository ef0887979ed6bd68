// The runtime's tracer, from the global OpenTelemetry API: a library depends on the API
// only. With no SDK registered every call on it is a no-op; once a service registers a
// provider (packages/service), the tracer delegates to it. The service kit tells the runtime
// when it starts or stops an SDK (configureStreamsTracing): the tracer is obtained again then,
// and the kit says whether its sampler follows the parent's decision, which lets the runtime
// skip spans that could never be sampled (decision 0019, "Unsampled traces").
import {
  type Context,
  INVALID_SPAN_CONTEXT,
  INVALID_SPANID,
  INVALID_TRACEID,
  ProxyTracerProvider,
  type Span,
  type SpanContext,
  TraceFlags,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import packageJson from '../../package.json' with { type: 'json' };

export const TRACER_NAME = '@tickflow/streams';

/**
 * Replaced by configureStreamsTracing. Taken once at import it would be the API's ProxyTracer,
 * which caches the first provider it delegates to, and keeps using it once that SDK is shut
 * down and another one registered.
 */
export let tracer: Tracer = trace.getTracer(TRACER_NAME, packageJson.version);

let followUnsampledParents = false;

export interface StreamsTracingOptions {
  /**
   * True only when the registered sampler is parent-based with its defaults (the SDK's
   * `parentbased_*`): a child of an unsampled parent is then never sampled, so the runtime
   * starts no span for it and propagates the parent's context (flags 00) as it is. False for
   * a sampler that decides on its own (always_on, always_off, traceidratio, custom ones).
   */
  readonly followUnsampledParents: boolean;
}

/**
 * Tells the runtime that a tracer provider was registered or unregistered (the service kit
 * calls it when it starts and stops the SDK): the runtime's tracer is obtained again from the
 * API, and the sampler's kind is taken into account. Until it is called, nothing is skipped.
 */
export function configureStreamsTracing(options: StreamsTracingOptions): void {
  tracer = trace.getTracer(TRACER_NAME, packageJson.version);
  followUnsampledParents = options.followUnsampledParents;
}

/** A span that is nothing: what tracing code hands back when it could not start one. */
export const NO_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

// What the API's proxy delegates to while no tracer provider is registered.
const NO_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * False while no tracer provider is registered (tracing off): the runtime then starts no span
 * at all, where the API's no-op tracer would allocate one per call. As cheap as that call.
 */
export function tracingOn(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NO_PROVIDER;
}

/**
 * True when `context` holds a valid span context that is not sampled, and the sampler is
 * known to sample no child of such a parent: no span need be started under it.
 */
export function unsampledParent(context: Context): boolean {
  if (!followUnsampledParents) return false;
  const spanContext = trace.getSpanContext(context);
  return (
    spanContext !== undefined &&
    (spanContext.traceFlags & TraceFlags.SAMPLED) === 0 &&
    looksValid(spanContext)
  );
}

/**
 * True when the span has a context to propagate: always with an SDK (sampled or not), never
 * with the no-op tracer and no span around.
 */
export function hasContext(span: Span): boolean {
  return looksValid(span.spanContext());
}

/**
 * isSpanContextValid without its per-character hex checks, which cost ~600 ns a call in a
 * process that loaded ioredis (docs/performance.md, "Tracing cost"). The span contexts seen
 * here come from the SDK (ids it generated), from the propagator (which checked them), or
 * are the API's invalid one; an id of the right length with a non-hex character can only be
 * made by hand, and the propagator then refuses to inject it.
 */
function looksValid(spanContext: SpanContext): boolean {
  return (
    spanContext !== INVALID_SPAN_CONTEXT &&
    spanContext.traceId.length === 32 &&
    spanContext.spanId.length === 16 &&
    spanContext.traceId !== INVALID_TRACEID &&
    spanContext.spanId !== INVALID_SPANID
  );
}
