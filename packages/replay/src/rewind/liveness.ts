// Which consumers of a group look alive, by Redis' clock: members whose heartbeat (the
// members sorted set, scored by server time in ms) is recent, and consumers of any of the
// group's partition streams that read or claimed recently (XINFO CONSUMERS idle). Either
// counts: a member that stopped heartbeating may still be finishing a batch, and a consumer
// killed a moment ago still shows in the group until it is pruned.
import { groupKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { ConflictError } from '../errors.ts';
import { field } from './group-positions.ts';
import type { LiveConsumer } from './rewind-types.ts';

export const DEFAULT_LIVE_WITHIN_MS = 30_000;

/** Redis' clock, ms since the epoch. */
export async function serverTimeMs(redis: RedisClient): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
}

/** The consumers of `group` seen within `withinMs`, sorted by name. */
export async function liveConsumers(
  redis: RedisClient,
  namespace: string,
  group: string,
  streams: readonly string[],
  withinMs: number,
): Promise<LiveConsumer[]> {
  const now = await serverTimeMs(redis);
  const seen = new Map<string, number>();
  const saw = (name: string, msAgo: number) => {
    if (msAgo <= withinMs) seen.set(name, Math.min(seen.get(name) ?? msAgo, Math.max(0, msAgo)));
  };
  const members = await redis.zrangebyscore(
    groupKeys(namespace, group).members,
    now - withinMs,
    '+inf',
    'WITHSCORES',
  );
  for (let i = 0; i + 1 < members.length; i += 2) saw(members[i] as string, now - Number(members[i + 1]));
  await Promise.all(
    streams.map(async (stream) => {
      let consumers: unknown[][];
      try {
        consumers = (await redis.call('XINFO', 'CONSUMERS', stream, group)) as unknown[][];
      } catch {
        return; // The stream or the group is gone: nobody reads it.
      }
      for (const consumer of consumers) saw(String(field(consumer, 'name')), Number(field(consumer, 'idle')));
    }),
  );
  return [...seen]
    .map(([name, lastSeenMsAgo]) => ({ name, lastSeenMsAgo }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Throws ConflictError naming the live consumers, unless there are none or `force`. */
export async function refuseWhileLive(
  redis: RedisClient,
  namespace: string,
  group: string,
  streams: readonly string[],
  options: { force?: boolean; liveWithinMs?: number },
  what: string,
): Promise<void> {
  if (options.force === true) return;
  const live = await liveConsumers(
    redis,
    namespace,
    group,
    streams,
    options.liveWithinMs ?? DEFAULT_LIVE_WITHIN_MS,
  );
  if (live.length === 0) return;
  const names = live.map(({ name, lastSeenMsAgo }) => `${name} (seen ${lastSeenMsAgo} ms ago)`).join(', ');
  throw new ConflictError(
    `cannot ${what} group ${group} while it has live consumers: ${names}. Stop them first (a running consumer keeps its checkpoint in memory and would skip what the rewind hands out again), or force if they are dead.`,
  );
}
