export { type KitConfig, kitConfigSchema, parseConfig } from './config.ts';
export { ConfigError, type ConfigIssue } from './errors.ts';
export { type HealthServer, startHealthServer } from './http-server.ts';
export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export { createServiceMetrics, type ServiceMetrics } from './metrics.ts';
export {
  type ConsumerSpec,
  type RunningService,
  type RunOptions,
  runService,
  type ServiceContext,
  type ServiceDefinition,
} from './run-service.ts';
export { setupTracing, type Tracing } from './tracing.ts';
