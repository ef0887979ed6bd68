// OpenTelemetry tracing of a service, from its OTEL_* configuration. Off (no SDK loaded, the
// API a no-op that costs nothing) unless an OTLP endpoint or the console exporter is set;
// on, the SDK is registered globally so that code using only @opentelemetry/api (the streams
// runtime) creates, propagates and exports spans. Exporting never stops a service: failures
// are logged (rate-limited) and shutdown is bounded.
import { context, logs, ProxyTracerProvider, propagation, trace } from '@opentelemetry/api';
import { configureStreamsTracing } from '@tickflow/streams';
import type { Logger } from './logger.ts';
import { identityAttributes, type ServiceIdentity } from './service-identity.ts';
import type { OtelConfig } from './tracing/otel-config.ts';
import { rateLimitedWarning } from './tracing/rate-limited-warning.ts';
import type { StartedSdk } from './tracing/start-sdk.ts';
import { followsUnsampledParents, planTracing } from './tracing/tracing-plan.ts';

export interface Tracing {
  /** True when this service started the SDK; false: tracing is off and the API a no-op. */
  readonly enabled: boolean;
  /** Exports the spans ended so far (tests, benchmarks); never rejects. */
  flush(): Promise<void>;
  /**
   * Exports what is left and stops the SDK, waiting at most `shutdownTimeoutMs`, then
   * unregisters it from the API (which turns back into a no-op); never rejects.
   */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** The parsed OTEL_* variables (the kit's config has them). */
  readonly config: OtelConfig;
  readonly identity: ServiceIdentity;
  readonly logger: Logger;
  /** How long shutdown() waits for the last export, in ms; default 5000. */
  readonly shutdownTimeoutMs?: number;
}

const NO_TRACING: Tracing = { enabled: false, flush: async () => undefined, shutdown: async () => undefined };
const UNREGISTERED = new ProxyTracerProvider().getDelegate();
// One SDK per process: set while this module's SDK starts or runs.
let sdkClaimed = false;

/** Starts tracing as `config` says (see the kit's README for the variables). */
export async function setupTracing(options: TracingOptions): Promise<Tracing> {
  const { config, identity, logger, shutdownTimeoutMs = 5_000 } = options;
  const plan = planTracing(config);
  if (!plan.enabled) {
    logger.info({ reason: plan.reason }, 'tracing off');
    return NO_TRACING;
  }
  if (sdkClaimed || tracerProviderRegistered()) {
    // One tracer provider per process: a second service in it (tests) uses the first's.
    logger.warn('tracing: a tracer provider is already registered in this process; using it');
    return NO_TRACING;
  }
  sdkClaimed = true;
  const reportFailure = rateLimitedWarning(logger, 'tracing: span export failed; spans dropped');
  let sdk: StartedSdk;
  try {
    const { startSdk } = await import('./tracing/start-sdk.ts');
    sdk = startSdk(
      plan,
      { ...config.OTEL_RESOURCE_ATTRIBUTES, ...identityAttributes(identity) },
      reportFailure,
    );
  } catch (error) {
    sdkClaimed = false;
    throw error;
  }
  // The runtime takes its tracer from the new provider, and skips what the sampler would not sample.
  configureStreamsTracing({ followUnsampledParents: followsUnsampledParents(plan.sampler) });
  logger.info(
    {
      endpoint: plan.otlp?.url,
      protocol: plan.otlp?.protocol,
      console: plan.console,
      sampler: plan.sampler,
      ratio: plan.samplerRatio,
      propagators: plan.propagators,
    },
    'tracing on',
  );
  let stopped: Promise<void> | undefined;
  return {
    enabled: true,
    flush: () => sdk.flush().catch(reportFailure),
    shutdown: () => {
      stopped ??= (async () => {
        const finished = await withinMs(sdk.shutdown().catch(reportFailure), shutdownTimeoutMs);
        if (!finished)
          logger.warn({ timeoutMs: shutdownTimeoutMs }, 'tracing: last spans not exported in time; dropped');
        trace.disable();
        context.disable();
        propagation.disable();
        logs.disable();
        // Its tracer would otherwise keep delegating to the stopped provider.
        configureStreamsTracing({ followUnsampledParents: false });
        sdkClaimed = false;
      })();
      return stopped;
    },
  };
}

function tracerProviderRegistered(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== UNREGISTERED;
}

/** Whether `work` settled within `ms` (it goes on in the background otherwise). */
async function withinMs(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, ms, false);
    timer.unref();
  });
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
