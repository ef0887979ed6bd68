// The settle scripts called directly, for their tests: a fresh partition with pending
// entries and the lease held, and the ack and dead-letter calls with their arguments spelled out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PartitionKeys, partitionKeys } from '@tickflow/events';
import type { Redis } from 'ioredis';
import { type ScriptedRedis, withScripts } from '../../src/scripts.ts';
import { checkpointOf, pendingCount } from './stream-inspect.ts';

export const GROUP = 'g';
export const HOLDER = 'c|1';
export const SCRIPTS_DIR = join(import.meta.dirname, '../../src/scripts');
export const PRELUDE = readFileSync(join(SCRIPTS_DIR, 'settle-prelude.lua'), 'utf8');
export const DEAD_LETTER_FIELDS = [
  'kind',
  'reason',
  'stream',
  'entry',
  'event_id',
  'group',
  'handler',
  'deliveries',
  'at',
  'fields',
];

export interface Partition {
  readonly redis: ScriptedRedis;
  readonly keys: PartitionKeys;
  /** The entries' ids, in stream order, all pending for consumer c of group g. */
  readonly ids: string[];
}

let partitions = 0;

/** A fresh partition of `count` entries (with the given ids, or generated), read and pending, the lease held by HOLDER. */
export async function newPartition(
  connection: Redis,
  count: number,
  explicitIds: readonly string[] = [],
): Promise<Partition> {
  const redis = withScripts(connection);
  const keys = partitionKeys(`settle${++partitions}`, 'market_data', 0);
  const appends = redis.pipeline();
  for (let n = 0; n < count; n++) appends.xadd(keys.stream, explicitIds[n] ?? '*', 'n', String(n));
  const ids = ((await appends.exec()) ?? []).map(([error, id]) => {
    if (error) throw error;
    return id as string;
  });
  await redis.xgroup('CREATE', keys.stream, GROUP, '0');
  await redis.xreadgroup('GROUP', GROUP, 'c', 'COUNT', count, 'STREAMS', keys.stream, '>');
  await redis.set(keys.lease(GROUP), HOLDER);
  return { redis, keys, ids };
}

export interface Settle {
  readonly holder?: string;
  readonly state?: string;
  readonly remember?: readonly string[];
}

export function ack(
  { redis, keys }: Partition,
  ids: readonly string[],
  options: Settle = {},
): Promise<number> {
  const { holder = HOLDER, state = '', remember = [] } = options;
  return redis.tfAck(
    keys.stream,
    keys.lease(GROUP),
    keys.checkpoint(GROUP),
    keys.remembered(GROUP),
    GROUP,
    holder,
    state,
    remember.length,
    ...remember,
    ...ids,
  );
}

export interface Letter extends Settle {
  readonly kind?: string;
  readonly reason?: string;
  readonly deliveries?: number;
  readonly fieldsJson?: string;
  readonly eventId?: string;
  readonly handler?: string;
  readonly earlier?: readonly string[];
}

export function deadLetter(
  { redis, keys }: Partition,
  entryId: string,
  options: Letter = {},
): Promise<string> {
  const { holder = HOLDER, state = '', remember = [], earlier = [] } = options;
  return redis.tfDeadLetter(
    keys.stream,
    keys.lease(GROUP),
    keys.checkpoint(GROUP),
    keys.deadLetter,
    keys.remembered(GROUP),
    GROUP,
    holder,
    entryId,
    options.kind ?? 'failed',
    options.reason ?? 'handler h failed 5 times',
    options.deliveries ?? 5,
    1_000,
    options.fieldsJson ?? '["n","0"]',
    options.eventId ?? 'event-1',
    options.handler ?? 'h',
    state,
    remember.length,
    ...remember,
    ...earlier,
  );
}

/** What the settling scripts may change in a partition, for before/after comparisons. */
export async function settled({ redis, keys }: Partition) {
  return {
    pending: await pendingCount(redis, keys.stream, GROUP),
    checkpoint: await checkpointOf(redis, keys.checkpoint(GROUP)),
    remembered: await redis.scard(keys.remembered(GROUP)),
    deadLetters: await redis.xlen(keys.deadLetter),
  };
}

export const numbered = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, n) => `${prefix}${n}`);

/** Redis' clock in ms since the epoch. */
export async function redisTimeMs(redis: ScriptedRedis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}
