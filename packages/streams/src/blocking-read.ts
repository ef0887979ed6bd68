// A blocking read that cannot hang. If Redis stays silent for BLOCK + grace (paused, a
// half-open socket, a reply lost across a reconnect), the watchdog drops the connection:
// ioredis reconnects with backoff and the read fails with RedisUnavailableError. The
// caller then re-reads its own pending entries, since the server may have delivered some
// to this consumer before the connection was lost.
import type { Redis } from 'ioredis';
import { BLOCKING_GRACE_MS } from './connection.ts';
import { RedisUnavailableError, toStreamsError } from './errors.ts';

export type StreamReply = [stream: string, entries: [id: string, fields: string[] | null][]][] | null;

export async function blockingRead(
  redis: Redis,
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
    const read = redis.call('XREADGROUP', ...args) as Promise<StreamReply>;
    read.catch(() => undefined); // settled by the race below; avoid an unhandled rejection after a watchdog hit
    return await Promise.race([read, watchdog]);
  } catch (error) {
    throw toStreamsError(error, 'XREADGROUP');
  } finally {
    clearTimeout(timer);
  }
}
