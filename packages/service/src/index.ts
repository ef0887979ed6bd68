export { type KitConfig, kitConfigSchema, type ParseConfigOptions, parseConfig } from './config.ts';
export { ConfigError, type ConfigIssue } from './errors.ts';
export type { Access, Caller } from './http/access.ts';
export type { ErrorMap, ErrorMapping } from './http/error-problems.ts';
export { type FieldProblem, HttpError, type HttpErrorOptions, type Problem } from './http/problem.ts';
export {
  type ContentResponse,
  type HttpMethod,
  type RouteDefinition,
  type RouteRegistrar,
  type RouteReply,
  type RouteRequest,
  type RouteResult,
  type RouteSchema,
  type StreamedReply,
  streamReply,
} from './http/route.ts';
export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export { type BuildInfo, readBuildInfo } from './metrics/build-info.ts';
export {
  NODE_DEFAULT_METRIC_NAMES,
  RUNTIME_HISTOGRAM_NAMES,
  RUNTIME_METRIC_NAMES,
  TICKFLOW_RUNTIME_METRIC_NAMES,
} from './metrics/metric-names.ts';
export { HANDLER_DURATION_BUCKETS } from './metrics/runtime-metrics.ts';
export { createServiceMetrics, type ServiceMetrics } from './metrics.ts';
export { runService } from './run-service.ts';
export type {
  ConsumerSpec,
  RouteContext,
  RunningService,
  RunOptions,
  ServiceContext,
  ServiceDefinition,
} from './service-definition.ts';
export { resolveServiceIdentity, type ServiceIdentity } from './service-identity.ts';
export type { OtelConfig } from './tracing/otel-config.ts';
export { setupTracing, type Tracing, type TracingOptions } from './tracing.ts';
