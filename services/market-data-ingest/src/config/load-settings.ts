// Reads the environment once, before the service starts, and reports every problem in one
// ConfigError: the kit's variables, ours, and — once ours parse — how ours combine. runService
// parses the same environment again; doing it here first means a contradiction is reported
// with exit code 2 at start-up, not after Redis has been reached.
import { ConfigError, type ConfigIssue, parseConfig } from '@tickflow/service';
import { z } from 'zod';
import { ingestEnvSchema } from './env-schema.ts';
import { type IngestSettings, resolveSettings, SERVICE_NAME } from './settings.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The settings, or throws ConfigError listing every problem. */
export function loadSettings(env: Env): IngestSettings {
  const issues: ConfigIssue[] = [];
  const collect = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      issues.push(...error.issues);
      return undefined;
    }
  };
  collect(() => parseConfig(SERVICE_NAME, z.object({}), env));
  const settings = collect(() => resolveSettings(parseOwn(env)));
  if (settings === undefined || issues.length > 0) throw new ConfigError(SERVICE_NAME, issues);
  return settings;
}

/** The settings; on a ConfigError, prints it and exits 2, as the service kit does. */
export function loadSettingsOrExit(env: Env): IngestSettings {
  try {
    return loadSettings(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

// Our variables alone, read as the kit reads them (an empty variable is unset).
function parseOwn(env: Env) {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = ingestEnvSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    SERVICE_NAME,
    parsed.error.issues.map((issue) => ({
      variable: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  );
}
