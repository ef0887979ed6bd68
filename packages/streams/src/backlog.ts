// Lag and pending of a group on a partition, for the backlog gauges. Lag comes from XINFO
// GROUPS; after XDEL/XTRIM Redis may not know it (nil), and it is reported as unknown rather
// than guessed — an autoscaler must not read a stale or invented lag as zero.
import type { RedisClient } from './cluster-redis-client.ts';
import { replyField } from './xinfo.ts';

export interface Backlog {
  /** Entries not yet delivered to the group (undefined when Redis cannot tell). */
  readonly lag: number | undefined;
  /** Entries delivered but not acked. */
  readonly pending: number;
}

/** The backlog of every group on `stream`, by group name (empty when the stream does not exist). */
export async function streamBacklogs(redis: RedisClient, stream: string): Promise<Map<string, Backlog>> {
  if ((await redis.exists(stream)) === 0) return new Map();
  const groups = (await redis.call('XINFO', 'GROUPS', stream)) as unknown[][];
  return new Map(
    groups.map((info) => {
      const lag = replyField(info, 'lag');
      const backlog = {
        lag: typeof lag === 'number' ? lag : undefined,
        pending: Number(replyField(info, 'pending') ?? 0),
      };
      return [String(replyField(info, 'name')), backlog];
    }),
  );
}

export async function groupBacklog(
  redis: RedisClient,
  stream: string,
  group: string,
): Promise<Backlog | undefined> {
  return (await streamBacklogs(redis, stream)).get(group);
}
