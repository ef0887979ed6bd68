// What the observer metrics read of the namespace's streams and consumer groups, straight
// from Redis, so a group's backlog is known while its consumers are down (their own /metrics
// are gone then). Two round trips whatever the number of streams: XLEN and XINFO GROUPS of
// every stream, then the XPENDING summary of every group with something pending.
import { EVENT_TYPES, type EventType, type PartitionKeys, partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { entryIdMs } from '@tickflow/streams';
import type { ChainableCommander } from 'ioredis';

export interface StreamLength {
  readonly type: EventType;
  readonly partition: number;
  readonly length: number;
}

export interface GroupStats {
  readonly type: EventType;
  readonly partition: number;
  readonly group: string;
  /** XINFO GROUPS `lag`; undefined when Redis cannot tell (nil, after XDEL/XTRIM): never a guessed 0. */
  readonly lag: number | undefined;
  readonly pending: number;
  /** Since the oldest pending entry was appended, ms (Redis' clock); 0 when nothing is pending. */
  readonly oldestPendingAgeMs: number;
}

export interface NamespaceStats {
  readonly streams: readonly StreamLength[];
  readonly groups: readonly GroupStats[];
}

export interface StatsScope {
  readonly namespace: string;
  readonly partitions: number;
}

type Outcome = [Error | null, unknown];

/** Rejects with the first command error (other than a stream that does not exist yet). */
export async function readNamespaceStats(redis: RedisClient, scope: StatsScope): Promise<NamespaceStats> {
  const streams: PartitionKeys[] = EVENT_TYPES.flatMap((type) =>
    Array.from({ length: scope.partitions }, (_, partition) =>
      partitionKeys(scope.namespace, type, partition),
    ),
  );
  const first = redis.pipeline().time();
  for (const keys of streams) first.xlen(keys.stream).call('XINFO', 'GROUPS', keys.stream);
  const [time, ...perStream] = await run(first);
  const nowMs = serverMs(replyOf(time));

  const lengths: StreamLength[] = [];
  const found: { keys: PartitionKeys; info: readonly unknown[] }[] = [];
  for (const [at, keys] of streams.entries()) {
    lengths.push({ type: keys.type, partition: keys.partition, length: Number(replyOf(perStream[at * 2])) });
    const [error, groups] = perStream[at * 2 + 1] ?? [new Error('no reply'), null];
    // XINFO GROUPS on a stream nobody has written to yet: no groups, not a failure.
    if (error && /no such key/i.test(error.message)) continue;
    if (error) throw error;
    for (const info of groups as unknown[][]) found.push({ keys, info });
  }

  const pendingOf = found.filter(({ info }) => Number(field(info, 'pending') ?? 0) > 0);
  const second = redis.pipeline();
  for (const { keys, info } of pendingOf) second.xpending(keys.stream, String(field(info, 'name')));
  const summaries = pendingOf.length === 0 ? [] : await run(second);
  const oldestAge = new Map<(typeof found)[number], number>();
  for (const [at, item] of pendingOf.entries()) {
    // The summary form: [count, lowest pending id, highest pending id, per-consumer counts].
    const [, lowestId] = replyOf(summaries[at]) as [number, string | null];
    if (typeof lowestId === 'string') oldestAge.set(item, Math.max(0, nowMs - entryIdMs(lowestId)));
  }

  const groups = found.map((item): GroupStats => {
    const lag = field(item.info, 'lag');
    return {
      type: item.keys.type,
      partition: item.keys.partition,
      group: String(field(item.info, 'name')),
      lag: typeof lag === 'number' ? lag : undefined,
      pending: Number(field(item.info, 'pending') ?? 0),
      oldestPendingAgeMs: oldestAge.get(item) ?? 0,
    };
  });
  return { streams: lengths, groups };
}

/** The pipeline's outcomes; ioredis gives null when the connection closed first: an error for all. */
async function run(pipeline: ChainableCommander): Promise<Outcome[]> {
  const replies = await pipeline.exec();
  if (replies === null) throw new Error('Redis connection closed before the pipeline replied');
  return replies;
}

function replyOf(outcome: Outcome | undefined): unknown {
  if (outcome === undefined) throw new Error('a pipeline reply is missing');
  if (outcome[0]) throw outcome[0];
  return outcome[1];
}

/** A field of an XINFO reply (a flat name/value list); names only, so a group named `lag` is no field. */
function field(reply: readonly unknown[], name: string): unknown {
  for (let at = 0; at + 1 < reply.length; at += 2) if (reply[at] === name) return reply[at + 1];
  return undefined;
}

/** `TIME`: [seconds, microseconds] → ms. */
function serverMs(reply: unknown): number {
  const [seconds, micros] = reply as [string, string];
  return Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
}
