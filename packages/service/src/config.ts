// Configuration is read once, from environment variables, at start-up: the kit's own
// variables plus the service's, in one zod schema. Every problem is reported at once;
// nothing reads process.env after this. Tests pass an env object instead of the real one.
import { z } from 'zod';
import { CONSUMER_NAME_PATTERN } from './consumer-name.ts';
import { ConfigError } from './errors.ts';
import { redisTlsIssues, redisTlsShape } from './redis-tls.ts';
import { REDIS_URL_FORMS, REDIS_URL_PATTERN, redisUrlIssues } from './redis-url.ts';
import { resolveSecretFiles } from './secret-files.ts';
import { otelConfigIssue, otelConfigShape } from './tracing/otel-config.ts';

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: `expected an integer from ${min} to ${max}` })
    .int({ error: `expected an integer from ${min} to ${max}` })
    .min(min, { error: `expected an integer from ${min} to ${max}` })
    .max(max, { error: `expected an integer from ${min} to ${max}` });

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

// Printable ASCII without spaces: what fits in an `Authorization: Bearer` header.
const token = z
  .string()
  .regex(/^[\x21-\x7e]{16,}$/, { error: 'expected at least 16 printable characters, no spaces' });

/** Variables every service reads. */
export const kitConfigSchema = z.object({
  /** One Redis, or a cluster's seed nodes: `redis+cluster://host:port,host:port` (redis-url.ts). */
  REDIS_URL: z
    .string({ error: 'missing (e.g. redis://127.0.0.1:6379)' })
    .regex(REDIS_URL_PATTERN, { error: `expected ${REDIS_URL_FORMS}` }),
  REDIS_USERNAME: z.string().optional(),
  REDIS_PASSWORD: z.string().optional(),
  /** TLS for rediss:// (redis-tls.ts): REDIS_TLS_CA_FILE, _CERT_FILE, _KEY_FILE, _SERVERNAME. */
  ...redisTlsShape,
  TICKFLOW_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, {
      error: 'expected 1-32 of a-z 0-9 _ - starting with a letter or digit',
    })
    .default('live'),
  TICKFLOW_PARTITIONS: integer(1, 65_536).default(8),
  /** Partition lease TTL: how long a dead consumer's partitions wait before moving. */
  TICKFLOW_LEASE_TTL_MS: integer(500, 600_000).default(10_000),
  /** Base of the consumer names, `<group>-<base>-<incarnation>` (consumer-name.ts): the pod name.
   * Unset: the streams runtime's `<group>-<host>-<pid>-<random>`. */
  TICKFLOW_CONSUMER_NAME: z
    .string()
    .regex(CONSUMER_NAME_PATTERN, { error: 'expected 1-128 of A-Z a-z 0-9 . _ - (e.g. the pod name)' })
    .optional(),
  HTTP_HOST: z.string().default('0.0.0.0'),
  /** 0 picks a free port (tests). */
  HTTP_PORT: integer(0, 65_535).default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Pretty logs; default: when stdout is a terminal. */
  LOG_PRETTY: flag.optional(),
  /** Requests with a larger body are refused (413). */
  HTTP_BODY_LIMIT_BYTES: integer(1_024, 64 * 1_024 * 1_024).default(64 * 1_024),
  /** Bearer token of `read` routes; unset with API_OPERATOR_TOKEN: the API is open. */
  API_READ_TOKEN: token.optional(),
  /** Bearer token of `operator` routes (and `read` ones). */
  API_OPERATOR_TOKEN: token.optional(),
  SHUTDOWN_GRACE_MS: integer(100, 600_000).default(20_000),
  /** OpenTelemetry: the SDK's own variables (tracing/otel-config.ts). */
  ...otelConfigShape,
});

export type KitConfig = z.infer<typeof kitConfigSchema>;

const checkedKitConfig = kitConfigSchema
  .refine(
    (config) => config.API_READ_TOKEN === undefined || config.API_READ_TOKEN !== config.API_OPERATOR_TOKEN,
    // Equal tokens would make every reader an operator.
    { error: 'must differ from API_READ_TOKEN', path: ['API_OPERATOR_TOKEN'] },
  )
  .superRefine((config, context) => {
    const issue = otelConfigIssue(config);
    if (issue) context.addIssue({ code: 'custom', ...issue });
  });

export interface ParseConfigOptions {
  /** Both API tokens must be set (a service whose API must never run open). */
  readonly requireTokens?: boolean;
}

function missingTokens(present: Record<string, unknown>): { path: string[]; message: string }[] {
  return ['API_READ_TOKEN', 'API_OPERATOR_TOKEN']
    .filter((variable) => present[variable] === undefined)
    .map((variable) => ({
      path: [variable],
      message: 'missing: this service requires API tokens (at least 16 printable characters each)',
    }));
}

/**
 * Parses `env` against the kit's schema and the service's. Throws ConfigError
 * listing every bad or missing variable (and both API tokens, when required).
 */
export function parseConfig<S extends z.ZodObject>(
  service: string,
  serviceSchema: S,
  env: Readonly<Record<string, string | undefined>>,
  options: ParseConfigOptions = {},
): KitConfig & z.infer<S> {
  // REDIS_PASSWORD_FILE and the like: secrets from mounted files (secret-files.ts).
  const files = resolveSecretFiles(env);
  // An empty variable means unset, as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(
    Object.entries(files.env).filter(([, value]) => value !== undefined && value !== ''),
  );
  // Parsed separately, so the service schema's own refinements (checks across its
  // variables) run too; the issues of both are reported together.
  const kit = checkedKitConfig.safeParse(present);
  const own = serviceSchema.safeParse(present);
  const issues = [
    ...files.issues.map((issue) => ({ path: [issue.variable], message: issue.message })),
    ...(kit.error?.issues ?? []),
    ...(options.requireTokens ? missingTokens(present) : []),
    // Not a refinement: those are skipped once another variable is bad, and all are reported at once.
    ...redisUrlIssues(present),
    ...redisTlsIssues(present),
    ...(own.error?.issues ?? []),
  ];
  if (issues.length > 0 || !kit.success || !own.success) {
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
