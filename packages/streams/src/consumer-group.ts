// Creating a consumer group on a partition stream, idempotently (an existing group is kept
// as it is). The stream is created too when missing, so a group can exist before anything
// was published: entries appended later are then all the group's to read.
import type { RedisClient } from './cluster-redis-client.ts';
import { isBusyGroup, toStreamsError } from './redis-errors.ts';

export async function ensureConsumerGroup(
  redis: RedisClient,
  stream: string,
  group: string,
  startFrom: 'earliest' | 'latest',
): Promise<void> {
  try {
    await redis.xgroup('CREATE', stream, group, startFrom === 'earliest' ? '0' : '$', 'MKSTREAM');
  } catch (error) {
    if (!isBusyGroup(error)) throw toStreamsError(error, `create group ${group} on ${stream}`);
  }
}
