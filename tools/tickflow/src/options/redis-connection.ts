// Where and as whom the CLI connects: --redis-url (else $REDIS_URL) names one Redis or a
// cluster's seed nodes (`redis+cluster://host:port,host:port`, docs/decisions/0025), and the
// services' credential variables apply as they do to a service: REDIS_USERNAME, and
// REDIS_PASSWORD or REDIS_PASSWORD_FILE (exactly one; the file read as the kit reads it), over
// the URL's own `user:password@`. Problems are usage errors naming the flag or variable;
// neither a password nor a URL's password is ever echoed.
import { BadInputError } from '@tickflow/replay';
import {
  BadOptionsError,
  type ConnectionOptions,
  isClusterUrl,
  parseClusterUrl,
  redact,
  resolveSecretFiles,
} from '@tickflow/streams';

const SCHEMES = /^rediss?(\+cluster)?:\/\//;

/** The URL to use: the flag, else $REDIS_URL, else the local default; checked. */
export function redisUrlFrom(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const url = flag ?? (env.REDIS_URL === '' ? undefined : env.REDIS_URL) ?? 'redis://127.0.0.1:6379';
  if (!SCHEMES.test(url)) {
    throw new BadInputError(
      '--redis-url',
      `expected a redis://, rediss://, redis+cluster:// or rediss+cluster:// URL, got "${redact(url)}"`,
    );
  }
  if (isClusterUrl(url)) {
    try {
      parseClusterUrl(url);
    } catch (error) {
      if (error instanceof BadOptionsError) throw new BadInputError('--redis-url', error.message);
      throw error;
    }
  }
  return url;
}

/** `username`/`password` for ConnectionOptions from the environment (empty: none set). */
export function redisCredentialsFrom(
  env: Readonly<Record<string, string | undefined>>,
): Pick<ConnectionOptions, 'username' | 'password'> {
  const { env: resolved, issues } = resolveSecretFiles(env, ['REDIS_PASSWORD']);
  const [issue] = issues;
  if (issue) throw new BadInputError(`$${issue.variable}`, issue.message);
  const set = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  const username = set(resolved.REDIS_USERNAME);
  const password = set(resolved.REDIS_PASSWORD);
  return { ...(username === undefined ? {} : { username }), ...(password === undefined ? {} : { password }) };
}
