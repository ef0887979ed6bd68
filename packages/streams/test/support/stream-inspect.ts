// Read-only looks at a partition's Redis state, for assertions: pending entries, group info,
// dead letters, checkpoints and whole streams.
import type { Cluster, Redis } from 'ioredis';

/** Entries delivered to `group` on `stream` but not yet acked (XPENDING summary count). */
export async function pendingCount(redis: Redis | Cluster, stream: string, group: string): Promise<number> {
  const summary = (await redis.xpending(stream, group)) as [number, ...unknown[]];
  return Number(summary[0]);
}

/** `group`'s XINFO GROUPS row on `stream` as a field map, or undefined if there is no such group. */
export async function groupInfo(
  redis: Redis | Cluster,
  stream: string,
  group: string,
): Promise<Record<string, unknown> | undefined> {
  const rows = (await redis.call('XINFO', 'GROUPS', stream)) as unknown[][];
  for (const row of rows) {
    const info = pairs(row);
    if (info.name === group) return info;
  }
  return undefined;
}

/** The checkpoint hash of `group` on a partition: its last applied entry id and the handlers' state. */
export async function checkpointOf(
  redis: Redis | Cluster,
  checkpointKey: string,
): Promise<{ last: string | null; state: unknown }> {
  const [last, state] = await redis.hmget(checkpointKey, 'last', 'state');
  return { last: last ?? null, state: state === null || state === undefined ? undefined : JSON.parse(state) };
}

export interface StoredEntry {
  readonly id: string;
  readonly fields: Record<string, string>;
}

/** Every entry of `stream`, oldest first, read in pages. */
export async function readStream(
  redis: Redis | Cluster,
  stream: string,
  pageSize = 5_000,
): Promise<StoredEntry[]> {
  const out: StoredEntry[] = [];
  let start = '-';
  for (;;) {
    const page = await redis.xrange(stream, start, '+', 'COUNT', pageSize);
    for (const [id, fields] of page) out.push({ id, fields: pairs(fields) as Record<string, string> });
    const last = page.at(-1);
    if (page.length < pageSize || last === undefined) return out;
    start = `(${last[0]}`;
  }
}

/** A flat [name, value, name, value, ...] list as an object. */
export function pairs(list: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[String(list[i])] = list[i + 1];
  return out;
}
