// The strategy services made by `pnpm nx g @tickflow/tools:strategy-service <name>`, listed in
// strategy-services.json (the generator appends to it): users.ts gives each a Redis user with
// signal-engine's rights for its own consumer group. Kept as data, not code, so the generator
// adds a service with a one-line change to a file it can parse, and the infra tests can ask
// which services must log in.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const STRATEGY_SERVICES_FILE = resolve(import.meta.dirname, 'strategy-services.json');

// The generator's names (strategy-<kebab-case name>). Each becomes an ACL user name and part
// of key patterns in users.acl, so anything else (a space, a glob character) is refused here.
const STRATEGY_SERVICE = /^strategy-[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** `services`, checked: a list of strategy-<name>, each once. Throws saying what is wrong. */
export function checkStrategyServices(services: unknown): string[] {
  if (!Array.isArray(services)) throw new Error('strategy services: "services" must be a list of names');
  const seen = new Set<string>();
  for (const service of services) {
    if (typeof service !== 'string' || !STRATEGY_SERVICE.test(service))
      throw new Error(`strategy services: ${JSON.stringify(service)} is not strategy-<kebab-case name>`);
    if (seen.has(service)) throw new Error(`strategy services: ${service} is listed twice`);
    seen.add(service);
  }
  return services as string[];
}

/** The strategy services listed in `file` (strategy-services.json by default), checked. */
export function readStrategyServices(file: string = STRATEGY_SERVICES_FILE): string[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { services?: unknown } | null;
  return checkStrategyServices(parsed?.services);
}
