// Starts the OpenTelemetry Node SDK from the kit's parsed plan, every part given explicitly:
// the SDK would otherwise read process.env itself, and services are configured from an env
// object. Registers globally what @opentelemetry/api users need: the tracer provider, the
// W3C propagators and the AsyncLocalStorage context manager (NodeSDK's default). No
// instrumentations, metrics or logs from the SDK (prom-client and pino do those).
// Loaded with import() only when tracing is on: the SDK costs ~200 ms and ~40 MB to load.
import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { reportingFailures } from './export-failures.ts';
import type { FailureReporter } from './rate-limited-warning.ts';
import { createSampler } from './samplers.ts';
import type { OtlpPlan, TracingOn } from './tracing-plan.ts';

export interface StartedSdk {
  /** Exports every ended span now. */
  flush(): Promise<void>;
  /** Flushes, then stops exporting (does not unregister the globals). */
  shutdown(): Promise<void>;
}

export function startSdk(
  plan: TracingOn,
  resourceAttributes: Readonly<Record<string, string>>,
  reportFailure: FailureReporter,
): StartedSdk {
  const spanProcessors: SpanProcessor[] = [];
  if (plan.otlp)
    spanProcessors.push(
      new BatchSpanProcessor({
        exporter: reportingFailures(otlpExporter(plan.otlp), reportFailure),
        ...plan.batch,
      }),
    );
  if (plan.console) spanProcessors.push(new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() }));
  const sdk = new NodeSDK({
    resource: defaultResource().merge(resourceFromAttributes(resourceAttributes)),
    autoDetectResources: false,
    sampler: createSampler(plan.sampler, plan.samplerRatio),
    spanProcessors,
    textMapPropagator: propagator(plan.propagators),
    instrumentations: [],
    // Empty lists, not undefined: undefined makes the SDK build them from process.env (its
    // logs default is an OTLP exporter to localhost).
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return {
    flush: async () => {
      await Promise.all(spanProcessors.map((processor) => processor.forceFlush()));
    },
    shutdown: () => sdk.shutdown(),
  };
}

function otlpExporter(otlp: OtlpPlan): SpanExporter {
  const options = {
    url: otlp.url,
    timeoutMillis: otlp.timeoutMs,
    ...(Object.keys(otlp.headers).length > 0 ? { headers: { ...otlp.headers } } : {}),
  };
  return otlp.protocol === 'http/json'
    ? new OtlpJsonTraceExporter(options)
    : new OtlpProtobufTraceExporter(options);
}

/** W3C trace context carries `traceparent` and `tracestate`; baggage carries `baggage`. */
function propagator(names: TracingOn['propagators']): TextMapPropagator | null {
  const propagators = names.map((name) =>
    name === 'tracecontext' ? new W3CTraceContextPropagator() : new W3CBaggagePropagator(),
  );
  if (propagators.length === 0) return null;
  return propagators.length === 1 ? (propagators[0] ?? null) : new CompositePropagator({ propagators });
}
