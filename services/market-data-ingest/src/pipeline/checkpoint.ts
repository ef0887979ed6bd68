// The progress checkpoint of one source: the last line done (published, or dead-lettered if
// bad), written after the batch holding it. A re-run skips every line up to it, so it
// covers re-runs long after the publisher's dedupe window; the deterministic ids and that
// window cover the one batch a crash can leave published but not checkpointed.
import type { RedisClient } from '@tickflow/streams';

export interface Checkpoint {
  /** The last line done by an earlier run; 0 when none. Throws on a corrupt value. */
  read(): Promise<number>;
  write(line: number): Promise<void>;
}

/** The checkpoint stored at `key` (see ingestKeys(namespace).progress(sourceId)). */
export function redisCheckpoint(redis: RedisClient, key: string): Checkpoint {
  return {
    async read() {
      const text = await redis.get(key);
      if (text === null) return 0;
      const line = Number(text);
      if (!Number.isSafeInteger(line) || line < 0) {
        throw new Error(
          `checkpoint ${key} holds ${JSON.stringify(text)}, not a line number; delete it to start over`,
        );
      }
      return line;
    },
    async write(line) {
      await redis.set(key, String(line));
    },
  };
}
