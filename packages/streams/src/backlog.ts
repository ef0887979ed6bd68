// Lag and pending of a group on a partition, for the backlog gauges. Lag comes from XINFO
// GROUPS; after XDEL/XTRIM Redis may not know it (nil), and it is reported as unknown rather
// than guessed — an autoscaler must not read a stale or invented lag as zero.
import type { Redis } from 'ioredis';

export interface Backlog {
  /** Entries not yet delivered to the group (undefined when Redis cannot tell). */
  readonly lag: number | undefined;
  /** Entries delivered but not acked. */
  readonly pending: number;
}

export async function groupBacklog(
  redis: Redis,
  stream: string,
  group: string,
): Promise<Backlog | undefined> {
  const groups = (await redis.call('XINFO', 'GROUPS', stream)) as unknown[][];
  for (const info of groups) {
    const field = (name: string) => info[info.indexOf(name) + 1];
    if (field('name') !== group) continue;
    const lag = field('lag');
    return { lag: typeof lag === 'number' ? lag : undefined, pending: Number(field('pending') ?? 0) };
  }
  return undefined;
}
