// The OpenTelemetry set-up hook. Off by default (costs nothing); a later release wires the
// SDK and OTLP exporter here. Turning it on today says so instead of pretending.
import type { Logger } from './logger.ts';

export interface Tracing {
  shutdown(): Promise<void>;
}

export function setupTracing(enabled: boolean, service: string, logger: Logger): Tracing {
  if (enabled) {
    logger.warn(
      { service },
      'OTEL_ENABLED is set, but this build has no tracing exporter yet; running without traces',
    );
  }
  return { shutdown: async () => undefined };
}
