// Read-only looks at a partition's Redis state, for assertions.
import type { Redis } from 'ioredis';

/** A flat [name, value, ...] list as an object. */
export function pairs(list: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[String(list[i])] = list[i + 1];
  return out;
}

/** `group`'s XINFO GROUPS row on `stream`, or undefined. */
export async function groupInfo(
  redis: Redis,
  stream: string,
  group: string,
): Promise<Record<string, unknown> | undefined> {
  const rows = (await redis.call('XINFO', 'GROUPS', stream)) as unknown[][];
  return rows.map(pairs).find((row) => row.name === group);
}

export async function checkpointOf(
  redis: Redis,
  key: string,
): Promise<{ last: string | null; state: string | null }> {
  const [last, state] = await redis.hmget(key, 'last', 'state');
  return { last: last ?? null, state: state ?? null };
}

/** The ids of every entry of `stream`, oldest first. */
export async function entryIds(redis: Redis, stream: string): Promise<string[]> {
  return (await redis.xrange(stream, '-', '+')).map(([id]) => id);
}

/** True when `group` has nothing pending on `stream` and its checkpoint is the stream's last entry. */
export async function caughtUp(
  redis: Redis,
  stream: string,
  checkpoint: string,
  group: string,
): Promise<boolean> {
  const info = await groupInfo(redis, stream, group);
  const [last] = await redis.xrevrange(stream, '+', '-', 'COUNT', 1);
  // An empty stream has no last entry and its checkpoint none.
  return info?.pending === 0 && ((await redis.hget(checkpoint, 'last')) ?? undefined) === last?.[0];
}
