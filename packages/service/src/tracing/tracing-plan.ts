// What the parsed OTEL_* variables ask for, decided once and without side effects: off (and
// why), or which exporters, sampler, propagators and batching to start the SDK with.
import type { KeyValueList } from './key-value-list.ts';
import type { OtelConfig, OtlpProtocol, PropagatorName, SamplerName } from './otel-config.ts';

export interface OtlpPlan {
  /** The full traces URL (may carry credentials: log it through the kit's logger only). */
  readonly url: string;
  readonly protocol: OtlpProtocol;
  readonly headers: KeyValueList;
  readonly timeoutMs: number;
}

export interface BatchPlan {
  readonly scheduledDelayMillis: number;
  readonly exportTimeoutMillis: number;
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
}

export interface TracingOff {
  readonly enabled: false;
  readonly reason: string;
}

export interface TracingOn {
  readonly enabled: true;
  /** Export over OTLP (batched), when an endpoint is configured. */
  readonly otlp: OtlpPlan | undefined;
  /** Print each span to stdout (OTEL_TRACES_EXPORTER=console, for debugging). */
  readonly console: boolean;
  readonly sampler: SamplerName;
  readonly samplerRatio: number;
  /** Empty: no propagator (OTEL_PROPAGATORS=none). */
  readonly propagators: readonly Exclude<PropagatorName, 'none'>[];
  readonly batch: BatchPlan;
}

export type TracingPlan = TracingOff | TracingOn;

/**
 * True for the parent-based samplers as the kit builds them (createSampler: the SDK's
 * defaults for parents), which never sample a child of an unsampled parent: the streams
 * runtime then starts no span under one (configureStreamsTracing). The others decide for
 * every span on their own.
 */
export function followsUnsampledParents(sampler: SamplerName): boolean {
  return sampler.startsWith('parentbased_');
}

// The spec's default; the OTLP/HTTP exporter's own default is 10 s too.
const DEFAULT_OTLP_TIMEOUT_MS = 10_000;

export function planTracing(config: OtelConfig): TracingPlan {
  if (config.OTEL_SDK_DISABLED) return { enabled: false, reason: 'OTEL_SDK_DISABLED=true' };
  const exporters = config.OTEL_TRACES_EXPORTER;
  if (exporters.includes('none')) return { enabled: false, reason: 'OTEL_TRACES_EXPORTER=none' };
  const url = tracesUrl(config);
  const otlp =
    exporters.includes('otlp') && url !== undefined
      ? {
          url,
          protocol:
            config.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ??
            config.OTEL_EXPORTER_OTLP_PROTOCOL ??
            'http/protobuf',
          // Signal-specific headers override the shared ones, key by key (the spec's rule).
          headers: { ...config.OTEL_EXPORTER_OTLP_HEADERS, ...config.OTEL_EXPORTER_OTLP_TRACES_HEADERS },
          timeoutMs:
            config.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT ??
            config.OTEL_EXPORTER_OTLP_TIMEOUT ??
            DEFAULT_OTLP_TIMEOUT_MS,
        }
      : undefined;
  const printSpans = exporters.includes('console');
  if (otlp === undefined && !printSpans)
    return {
      enabled: false,
      reason: 'no OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    };
  const propagators = config.OTEL_PROPAGATORS.includes('none')
    ? []
    : config.OTEL_PROPAGATORS.filter((name) => name !== 'none');
  return {
    enabled: true,
    otlp,
    console: printSpans,
    sampler: config.OTEL_TRACES_SAMPLER,
    samplerRatio: config.OTEL_TRACES_SAMPLER_ARG ?? 1,
    propagators,
    batch: {
      scheduledDelayMillis: config.OTEL_BSP_SCHEDULE_DELAY,
      exportTimeoutMillis: config.OTEL_BSP_EXPORT_TIMEOUT,
      maxQueueSize: config.OTEL_BSP_MAX_QUEUE_SIZE,
      maxExportBatchSize: config.OTEL_BSP_MAX_EXPORT_BATCH_SIZE,
    },
  };
}

/** The traces endpoint: the signal's URL as given, else the base URL with `v1/traces` appended. */
function tracesUrl(config: OtelConfig): string | undefined {
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined)
    return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT === undefined) return undefined;
  const url = new URL(config.OTEL_EXPORTER_OTLP_ENDPOINT);
  url.pathname = url.pathname.replace(/\/?$/, '/v1/traces');
  return url.href;
}
