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
export { setupTracing, type Tracing } from './tracing.ts';
