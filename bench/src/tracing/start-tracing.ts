// The bench's own processes (the hop's publisher and consumer, the span-cost probe) start
// tracing the way a service does under runService: the kit's config parsed from an env
// object, then setupTracing. Without an endpoint in `env` that is the kit's "off": no SDK
// loaded. The logger only speaks at warn (failed exports), so the bench's output stays its own.
//
// One mode per process: once the SDK has run in a process, tracers obtained before it (the
// streams runtime's, made at import) keep delegating to its provider even after shutdown(),
// so each mode runs in fresh processes.
import {
  createLogger,
  kitConfigSchema,
  parseConfig,
  resolveServiceIdentity,
  setupTracing,
  type Tracing,
} from '@tickflow/service';

/** Tracing of the process `service`, from `env` (REDIS_URL plus OTEL_* variables). */
export async function startBenchTracing(service: string, env: Record<string, string>): Promise<Tracing> {
  // The kit's schema alone (no variables of a service's own).
  const config = parseConfig(service, kitConfigSchema.pick({}), env);
  const identity = resolveServiceIdentity(service, config);
  const logger = createLogger({
    service,
    version: identity.version,
    instance: identity.instanceId,
    level: 'warn',
    pretty: false,
  });
  return setupTracing({ config, identity, logger });
}
