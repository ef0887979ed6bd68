// A blocking read that cannot hang. If Redis stays silent for BLOCK + grace (paused, a
// half-open socket, a reply lost across a reconnect), the watchdog drops the connection:
// ioredis reconnects with backoff and the read fails with RedisUnavailableError. The
// caller then re-reads its own pending entries, since the server may have delivered some
// to this consumer before the connection was lost.
import type { RedisClient } from './cluster-redis-client.ts';
import { BLOCKING_GRACE_MS } from './connection.ts';
import { RedisUnavailableError } from './errors.ts';
import { toStreamsError } from './redis-errors.ts';

export type StreamReply = [stream: string, entries: [id: string, fields: string[] | null][]][] | null;

export async function blockingRead(
  redis: RedisClient,
  blockMs: number,
  args: (string | number)[],
): Promise<StreamReply> {
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      redis.disconnect(true);
      reject(
        new RedisUnavailableError(`blocking read got no reply within ${blockMs + BLOCKING_GRACE_MS} ms`),
      );
    }, blockMs + BLOCKING_GRACE_MS);
  });
  try {
    const read = redis.call('XREADGROUP', ...args);
    read.catch(() => undefined); // settled by the race below; avoid an unhandled rejection after a watchdog hit
    return streamPairs(await Promise.race([read, watchdog]));
  } catch (error) {
    throw toStreamsError(error, 'XREADGROUP');
  } finally {
    clearTimeout(timer);
  }
}

/**
 * XREADGROUP's reply as [stream, entries] pairs, whatever the protocol: RESP2 replies with
 * pairs, while RESP3 (ioredis' default protocol) replies with a map, which ioredis hands
 * over flattened as [stream, entries, stream, entries, ...].
 */
function streamPairs(reply: unknown): StreamReply {
  if (reply === null || reply === undefined) return null;
  if (reply instanceof Map) return [...reply.entries()] as NonNullable<StreamReply>;
  if (!Array.isArray(reply)) throw new TypeError(`unexpected XREADGROUP reply: ${String(reply)}`);
  if (reply.length === 0 || Array.isArray(reply[0])) return reply as NonNullable<StreamReply>;
  const pairs: NonNullable<StreamReply> = [];
  for (let i = 0; i + 1 < reply.length; i += 2) pairs.push([reply[i], reply[i + 1]]);
  return pairs;
}
