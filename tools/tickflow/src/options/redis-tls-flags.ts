// TLS to Redis for the CLI: the services' REDIS_TLS_* variables, or flags that override them
// (as --redis-url overrides REDIS_URL). The files are read and checked by the runtime's
// loadRedisTls, as the services do; a problem is a usage error naming the flag (and the
// variable, when the value came from there) and the path.
import { BadInputError } from '@tickflow/replay';
import { isTlsUrl, loadRedisTls, type RedisTlsOptions, type RedisTlsSetting } from '@tickflow/streams';
import { type Command, Option } from 'commander';

/** The TLS flags' values, as commander names them. */
export interface RedisTlsFlags {
  readonly redisTlsCa?: string;
  readonly redisTlsCert?: string;
  readonly redisTlsKey?: string;
  readonly redisTlsServername?: string;
}

const FLAGS: readonly {
  readonly setting: RedisTlsSetting;
  readonly key: keyof RedisTlsFlags;
  readonly flag: string;
  readonly variable: string;
  readonly help: string;
}[] = [
  {
    setting: 'caFile',
    key: 'redisTlsCa',
    flag: '--redis-tls-ca <file>',
    variable: 'REDIS_TLS_CA_FILE',
    help: 'PEM CA to trust for a rediss:// server (default $REDIS_TLS_CA_FILE, else the system CAs)',
  },
  {
    setting: 'certFile',
    key: 'redisTlsCert',
    flag: '--redis-tls-cert <file>',
    variable: 'REDIS_TLS_CERT_FILE',
    help: 'PEM client certificate, with --redis-tls-key (default $REDIS_TLS_CERT_FILE)',
  },
  {
    setting: 'keyFile',
    key: 'redisTlsKey',
    flag: '--redis-tls-key <file>',
    variable: 'REDIS_TLS_KEY_FILE',
    help: 'PEM key of the client certificate (default $REDIS_TLS_KEY_FILE)',
  },
  {
    setting: 'servername',
    key: 'redisTlsServername',
    flag: '--redis-tls-servername <name>',
    variable: 'REDIS_TLS_SERVERNAME',
    help: "name the server's certificate must carry, if not the URL's host (default $REDIS_TLS_SERVERNAME)",
  },
];

/** Adds the TLS flags to `command` (hidden: repeated after a command, as --redis-url is). */
export function addRedisTlsOptions(command: Command, hidden = false): Command {
  for (const { flag, help } of FLAGS) {
    const option = new Option(flag, help);
    command.addOption(hidden ? option.hideHelp() : option);
  }
  return command;
}

/** The flags given after the command over those before it. */
export function mergeRedisTlsFlags(own: RedisTlsFlags, globals: RedisTlsFlags): RedisTlsFlags {
  const merged: { -readonly [key in keyof RedisTlsFlags]?: string } = {};
  for (const { key } of FLAGS) {
    const value = own[key] ?? globals[key];
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/**
 * ioredis `tls` options for `url` from the flags, else the environment; undefined when none
 * is set. Throws BadInputError naming the flag (and variable) of every problem.
 */
export function redisTlsFor(
  url: string,
  flags: RedisTlsFlags,
  env: Readonly<Record<string, string | undefined>>,
): RedisTlsOptions | undefined {
  const files: Partial<Record<RedisTlsSetting, string>> = {};
  const fromEnv = new Set<RedisTlsSetting>();
  for (const { setting, key, variable } of FLAGS) {
    const flag = flags[key];
    const value = flag ?? (env[variable] === '' ? undefined : env[variable]);
    if (value === undefined) continue;
    files[setting] = value;
    if (flag === undefined) fromEnv.add(setting);
  }
  const { tls, issues } = loadRedisTls(files, isTlsUrl(url));
  const [first, ...rest] = issues.map(({ setting, message }) => {
    const { flag, variable } = FLAGS.find((entry) => entry.setting === setting) as (typeof FLAGS)[number];
    const name = flag.split(' ')[0] as string;
    return { name, message: fromEnv.has(setting) ? `${message} (from $${variable})` : message };
  });
  if (first) {
    const more = rest.map(({ name, message }) => `; ${name}: ${message}`).join('');
    throw new BadInputError(first.name, `${first.message}${more}`);
  }
  return tls;
}
