// Consumer names in a group outlive the processes that used them (names are unique per
// process). The partition's owner removes the ones no longer in use — never one with
// pending entries, whose entries would otherwise be lost to the group.
import type { RedisClient } from './cluster-redis-client.ts';
import { replyField } from './xinfo.ts';

/** Deletes consumers of `group` on `stream`, other than `me`, with nothing pending and idle over `idleMs`. */
export async function pruneIdleConsumers(
  redis: RedisClient,
  stream: string,
  group: string,
  me: string,
  idleMs: number,
): Promise<string[]> {
  const consumers = (await redis.call('XINFO', 'CONSUMERS', stream, group)) as unknown[][];
  const removed: string[] = [];
  for (const info of consumers) {
    const field = (name: string) => replyField(info, name);
    const name = String(field('name'));
    if (name === me || Number(field('pending')) !== 0 || Number(field('idle')) <= idleMs) continue;
    // DELCONSUMER returns the pending count it dropped: 0 here, since we own the partition
    // and nothing else reads it.
    await redis.xgroup('DELCONSUMER', stream, group, name);
    removed.push(name);
  }
  return removed;
}

/** Deletes `me` from the group when it has nothing pending (a graceful stop). */
export async function leaveGroup(
  redis: RedisClient,
  stream: string,
  group: string,
  me: string,
): Promise<void> {
  const pending = (await redis.xpending(stream, group, '-', '+', 1, me)) as unknown[];
  if (pending.length === 0) await redis.xgroup('DELCONSUMER', stream, group, me);
}
