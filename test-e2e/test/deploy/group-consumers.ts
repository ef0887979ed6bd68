// What a consumer group holds about its consumers, read from Redis as an operator would:
// XINFO CONSUMERS on every partition stream (name, pending, idle), the group's members set
// (the runtime's heartbeats), and who holds each partition's lease.
import { type EventType, groupKeys, partitionKeys } from '@tickflow/events';
import type { Redis } from 'ioredis';

export interface ConsumerInfo {
  readonly stream: string;
  readonly name: string;
  readonly pending: number;
  readonly idleMs: number;
}

const field = (info: unknown[], name: string): unknown => info[info.indexOf(name) + 1];

/** Every consumer of `group` on every partition stream of `type` (streams or groups not made yet: none). */
export async function groupConsumers(
  redis: Redis,
  namespace: string,
  type: EventType,
  partitions: number,
  group: string,
): Promise<ConsumerInfo[]> {
  const all: ConsumerInfo[] = [];
  for (let p = 0; p < partitions; p++) {
    const { stream } = partitionKeys(namespace, type, p);
    let reply: unknown[][];
    try {
      reply = (await redis.call('XINFO', 'CONSUMERS', stream, group)) as unknown[][];
    } catch (error) {
      if (/no such key|NOGROUP/i.test(String(error))) continue;
      throw error;
    }
    for (const info of reply)
      all.push({
        stream,
        name: String(field(info, 'name')),
        pending: Number(field(info, 'pending')),
        idleMs: Number(field(info, 'idle')),
      });
  }
  return all;
}

/** The group's members set: consumers that sent a heartbeat within the lease TTL (or have not been swept yet). */
export async function groupMembers(redis: Redis, namespace: string, group: string): Promise<string[]> {
  return redis.zrange(groupKeys(namespace, group).members, '0', '-1');
}

/** The consumer holding each partition's lease (lease value `<consumer>|<token>`), by stream. */
export async function leaseHolders(
  redis: Redis,
  namespace: string,
  type: EventType,
  partitions: number,
  group: string,
): Promise<Map<string, string>> {
  const holders = new Map<string, string>();
  for (let p = 0; p < partitions; p++) {
    const keys = partitionKeys(namespace, type, p);
    const value = await redis.get(keys.lease(group));
    if (value !== null) holders.set(keys.stream, value.slice(0, value.lastIndexOf('|')));
  }
  return holders;
}

/** Consumer names known to the group (on any stream, or as members) that are not in `live`. */
export async function leftBehind(
  redis: Redis,
  namespace: string,
  type: EventType,
  partitions: number,
  group: string,
  live: readonly string[],
): Promise<string[]> {
  const names = [
    ...(await groupConsumers(redis, namespace, type, partitions, group)).map((c) => c.name),
    ...(await groupMembers(redis, namespace, group)),
  ];
  return [...new Set(names)].filter((name) => !live.includes(name)).sort();
}
