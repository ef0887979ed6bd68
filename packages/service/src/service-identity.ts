// Who this process is, in OpenTelemetry's resource terms: the same name, version and instance
// on every log line and every span, so a backend can join them.
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import {
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_NAMESPACE,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';
import type { KitConfig } from './config.ts';

export interface ServiceIdentity {
  /** `service.name`: OTEL_SERVICE_NAME, else `service.name` in OTEL_RESOURCE_ATTRIBUTES, else the service's name. */
  readonly name: string;
  /** `service.version`: the version in the service's package.json (`unknown` when not found). */
  readonly version: string;
  /** `service.instance.id`: host name and process id, unique per running process. */
  readonly instanceId: string;
  /** `service.namespace`: TICKFLOW_NAMESPACE. */
  readonly namespace: string;
}

/**
 * The identity of the service `serviceName` configured by `config`. OTEL_RESOURCE_ATTRIBUTES
 * may set any of the four attributes explicitly (OTEL_SERVICE_NAME wins for the name, as the
 * spec says). `entry` is the main script, whose nearest package.json gives the version.
 */
export function resolveServiceIdentity(
  serviceName: string,
  config: Pick<KitConfig, 'OTEL_SERVICE_NAME' | 'OTEL_RESOURCE_ATTRIBUTES' | 'TICKFLOW_NAMESPACE'>,
  entry: string | undefined = process.argv[1],
): ServiceIdentity {
  const attributes = config.OTEL_RESOURCE_ATTRIBUTES ?? {};
  return {
    name: config.OTEL_SERVICE_NAME ?? attributes[ATTR_SERVICE_NAME] ?? serviceName,
    version: attributes[ATTR_SERVICE_VERSION] ?? packageVersionOf(entry) ?? 'unknown',
    instanceId: attributes[ATTR_SERVICE_INSTANCE_ID] ?? `${hostname()}-${process.pid}`,
    namespace: attributes[ATTR_SERVICE_NAMESPACE] ?? config.TICKFLOW_NAMESPACE,
  };
}

/** The identity as OpenTelemetry resource attributes. */
export function identityAttributes(identity: ServiceIdentity): Record<string, string> {
  return {
    [ATTR_SERVICE_NAME]: identity.name,
    [ATTR_SERVICE_VERSION]: identity.version,
    [ATTR_SERVICE_INSTANCE_ID]: identity.instanceId,
    [ATTR_SERVICE_NAMESPACE]: identity.namespace,
  };
}

/**
 * The `version` of the package.json nearest to `file`, walking up. A script inside
 * node_modules (a test runner) is not a service: undefined.
 */
export function packageVersionOf(file: string | undefined): string | undefined {
  if (file === undefined || file.includes(`${sep}node_modules${sep}`)) return undefined;
  let directory = dirname(resolve(file));
  for (;;) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      try {
        const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
        return typeof version === 'string' ? version : undefined;
      } catch {
        return undefined;
      }
    }
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}
