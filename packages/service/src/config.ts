// Configuration is read once, from environment variables, at start-up: the kit's own
// variables plus the service's, in one zod schema. Every problem is reported at once;
// nothing reads process.env after this. Tests pass an env object instead of the real one.
import { z } from 'zod';
import { ConfigError } from './errors.ts';

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: `expected an integer from ${min} to ${max}` })
    .int({ error: `expected an integer from ${min} to ${max}` })
    .min(min, { error: `expected an integer from ${min} to ${max}` })
    .max(max, { error: `expected an integer from ${min} to ${max}` });

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Variables every service reads. */
export const kitConfigSchema = z.object({
  REDIS_URL: z
    .string({ error: 'missing (e.g. redis://127.0.0.1:6379)' })
    .regex(/^rediss?:\/\//, { error: 'expected a redis:// or rediss:// URL' }),
  REDIS_USERNAME: z.string().optional(),
  REDIS_PASSWORD: z.string().optional(),
  TICKFLOW_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, {
      error: 'expected 1-32 of a-z 0-9 _ - starting with a letter or digit',
    })
    .default('live'),
  TICKFLOW_PARTITIONS: integer(1, 65_536).default(8),
  /** Partition lease TTL: how long a dead consumer's partitions wait before moving. */
  TICKFLOW_LEASE_TTL_MS: integer(500, 600_000).default(10_000),
  HTTP_HOST: z.string().default('0.0.0.0'),
  /** 0 picks a free port (tests). */
  HTTP_PORT: integer(0, 65_535).default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Pretty logs; default: when stdout is a terminal. */
  LOG_PRETTY: flag.optional(),
  SHUTDOWN_GRACE_MS: integer(100, 600_000).default(20_000),
  OTEL_ENABLED: flag.default(false),
});

export type KitConfig = z.infer<typeof kitConfigSchema>;

/**
 * Parses `env` against the kit's schema and the service's. Throws ConfigError
 * listing every bad or missing variable.
 */
export function parseConfig<S extends z.ZodObject>(
  service: string,
  serviceSchema: S,
  env: Readonly<Record<string, string | undefined>>,
): KitConfig & z.infer<S> {
  // An empty variable means unset, as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  // Parsed separately, so the service schema's own refinements (checks across its
  // variables) run too; the issues of both are reported together.
  const kit = kitConfigSchema.safeParse(present);
  const own = serviceSchema.safeParse(present);
  const issues = [...(kit.error?.issues ?? []), ...(own.error?.issues ?? [])];
  if (!kit.success || !own.success) {
    throw new ConfigError(
      service,
      issues.map((issue) => ({
        variable: issue.path.map(String).join('.') || '(environment)',
        message: issue.message,
      })),
    );
  }
  return { ...own.data, ...kit.data } as KitConfig & z.infer<S>;
}
