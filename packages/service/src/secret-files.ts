// Secrets from mounted files (REDIS_PASSWORD_FILE, API_READ_TOKEN_FILE, API_OPERATOR_TOKEN_FILE):
// exactly one of VAR and VAR_FILE, trailing newlines dropped, problems naming the variable and
// the path, never a value. The reading is the runtime's (@tickflow/streams' resolveSecretFiles),
// so that the CLI's REDIS_PASSWORD_FILE means the same.
import { type ResolvedSecretFiles, resolveSecretFiles as resolveFiles } from '@tickflow/streams';

/** The kit's variables that may come from a file (`<name>_FILE`). */
export const SECRET_FILE_VARIABLES = ['REDIS_PASSWORD', 'API_READ_TOKEN', 'API_OPERATOR_TOKEN'] as const;

/** Reads every `VAR_FILE` of `variables` set in `env` into `VAR`. */
export function resolveSecretFiles(
  env: Readonly<Record<string, string | undefined>>,
  variables: readonly string[] = SECRET_FILE_VARIABLES,
  read?: (path: string) => string,
): ResolvedSecretFiles {
  return resolveFiles(env, variables, read);
}
