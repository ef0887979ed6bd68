// What the service's Deployment sets beyond the defaults that changes how the process runs
// (NODE_OPTIONS: its heap budget), read from its kustomize base, so the bench runs ingest as
// production does and the two cannot drift apart.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

/** NODE_OPTIONS of `service` in infra/k8s/base/<service>/config.env; undefined when it sets none. */
export function productionNodeOptions(service: string): string | undefined {
  const file = resolve(ROOT, 'infra/k8s/base', service, 'config.env');
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^NODE_OPTIONS=(.*)$/.exec(line.trim());
    if (match) return match[1] as string;
  }
  return undefined;
}
