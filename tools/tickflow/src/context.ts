// What every command gets: the global options resolved (flags over environment over
// defaults), a Redis connection opened on first use and closed at the end, who acts (for
// the audit log), and output that is JSON for scripts (--json) or text for people.
import { BadInputError, type Scope } from '@tickflow/replay';
import { type ConnectionOptions, connectClient, type RedisClient } from '@tickflow/streams';
import { redisCredentialsFrom, redisUrlFrom } from './options/redis-connection.ts';
import { type RedisTlsFlags, redisTlsFor } from './options/redis-tls-flags.ts';

/** The TLS flags (--redis-tls-ca...) are in RedisTlsFlags. */
export interface GlobalOptions extends RedisTlsFlags {
  readonly redisUrl?: string;
  readonly namespace?: string;
  readonly partitions?: string;
  readonly json?: boolean;
}

export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where answers (y/N) and step keys are read; absent or not a TTY: there is nobody to ask. */
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Subscribes to Ctrl-C (SIGINT); returns the unsubscribe. Absent: nothing interrupts. */
  readonly onInterrupt?: (handler: () => void) => () => void;
}

export interface CommandContext {
  readonly scope: Scope;
  readonly json: boolean;
  readonly io: Io;
  /** Who acts, for the audit log: `cli:$USER`, or `cli`. */
  readonly by: string;
  redis(): Promise<RedisClient>;
  /** A `bulk` connection (no timer per command) for a replay's writes. */
  bulkRedis(): Promise<RedisClient>;
  /** Prints `value` as one JSON document with --json, else `text(value)`. */
  print<T>(value: T, text: (value: T) => string): void;
  /** A line for people that is not the command's answer: stdout in text mode, stderr with --json. */
  note(line: string): void;
  close(): void;
}

export function createContext(options: GlobalOptions, io: Io): CommandContext {
  // One Redis or a cluster (a Cluster client then), as whom the environment says.
  const url = redisUrlFrom(options.redisUrl, io.env);
  const tls = redisTlsFor(url, options, io.env);
  const connection: Omit<ConnectionOptions, 'name'> = {
    url,
    ...redisCredentialsFrom(io.env),
    ...(tls ? { tls } : {}),
  };
  const namespace = options.namespace ?? io.env.TICKFLOW_NAMESPACE ?? 'live';
  const partitionsText = options.partitions ?? io.env.TICKFLOW_PARTITIONS ?? '8';
  const partitions = Number(partitionsText);
  if (!/^\d+$/.test(partitionsText) || partitions < 1 || partitions > 65_536) {
    throw new BadInputError('--partitions', `expected an integer from 1 to 65536, got "${partitionsText}"`);
  }
  let commands: Promise<RedisClient> | undefined;
  let bulk: Promise<RedisClient> | undefined;
  const json = options.json ?? false;
  const user = io.env.USER?.trim();
  return {
    scope: { namespace, partitions },
    json,
    io,
    by: user ? `cli:${user}` : 'cli',
    redis: () => {
      commands ??= connectClient({ ...connection, name: 'tickflow-cli' }, 'commands');
      return commands;
    },
    bulkRedis: () => {
      bulk ??= connectClient({ ...connection, name: 'tickflow-cli-bulk' }, 'bulk');
      return bulk;
    },
    print(value, text) {
      io.stdout.write(`${json ? JSON.stringify(value, jsonValue) : text(value)}\n`);
    },
    note(line) {
      (json ? io.stderr : io.stdout).write(`${line}\n`);
    },
    close() {
      for (const open of [commands, bulk]) open?.then((redis) => redis.disconnect()).catch(() => undefined);
    },
  };
}

/** JSON.stringify's replacer for what events hold: bigints as decimal strings. */
export function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
