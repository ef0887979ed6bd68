// Secrets from mounted files: for a secret variable VAR, VAR_FILE may name a file holding its
// value instead (a Kubernetes Secret mounted as a volume keeps the value out of the process
// environment, `kubectl describe` and crash dumps of env). Exactly one of VAR and VAR_FILE;
// trailing newlines of the file are not part of the value (as add-passwords.sh reads the same
// files). Problems name the variable and the path, never a value. Here, next to loadRedisTls,
// so that the service kit (REDIS_PASSWORD_FILE, API_*_TOKEN_FILE) and the CLI
// (REDIS_PASSWORD_FILE) read them alike.
import { readFileSync } from 'node:fs';

export interface SecretFileIssue {
  /** The `VAR_FILE` variable at fault. */
  readonly variable: string;
  readonly message: string;
}

export interface ResolvedSecretFiles {
  /** `env` with each `VAR_FILE` replaced by `VAR` (the file's content). */
  readonly env: Record<string, string | undefined>;
  readonly issues: SecretFileIssue[];
}

const isSet = (value: string | undefined): value is string => value !== undefined && value !== '';

/** Reads every `VAR_FILE` of `variables` set in `env` into `VAR`. */
export function resolveSecretFiles(
  env: Readonly<Record<string, string | undefined>>,
  variables: readonly string[],
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): ResolvedSecretFiles {
  const resolved: Record<string, string | undefined> = { ...env };
  const issues: SecretFileIssue[] = [];
  for (const variable of variables) {
    const fileVariable = `${variable}_FILE`;
    const path = env[fileVariable];
    delete resolved[fileVariable];
    if (!isSet(path)) continue;
    if (isSet(env[variable])) {
      issues.push({ variable: fileVariable, message: `set together with ${variable}: set only one of them` });
      continue;
    }
    let value: string;
    try {
      value = read(path).replace(/[\r\n]+$/, '');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      issues.push({ variable: fileVariable, message: `cannot read ${path} (${reason})` });
      continue;
    }
    if (value === '') issues.push({ variable: fileVariable, message: `${path} is empty` });
    else resolved[variable] = value;
  }
  return { env: resolved, issues };
}
