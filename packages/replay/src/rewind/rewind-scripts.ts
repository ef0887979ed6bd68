// The rewind's Lua scripts, registered on a connection as ioredis commands (EVALSHA, with
// EVAL when Redis answers NOSCRIPT after a SCRIPT FLUSH or a restart), as the streams
// package does. Each touches one partition's stream and checkpoint: one hash tag, one slot.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RedisClient } from '@tickflow/streams';

export interface RewindCommands {
  /** scripts/rewind-group.lua: ['ok', entries-read set or ''] or ['stale', why]. */
  tfReplayRewindGroup(
    stream: string,
    checkpoint: string,
    group: string,
    lastDeliveredId: string,
    entriesRead: string,
    checkpointLast: string,
    maxDeletedEntryId: string,
    firstRedelivered: string,
    target: string,
    redeliver: number,
  ): Promise<[string, string]>;
  /** scripts/rewind-restore.lua: 'ok', or 'missing' when the stream or group is gone. */
  tfReplayRewindRestore(
    stream: string,
    checkpoint: string,
    group: string,
    lastDeliveredId: string,
    entriesRead: string,
    checkpointLast: string,
  ): Promise<string>;
}

const SCRIPTS: Record<keyof RewindCommands, { file: string; keys: number }> = {
  tfReplayRewindGroup: { file: 'rewind-group.lua', keys: 2 },
  tfReplayRewindRestore: { file: 'rewind-restore.lua', keys: 2 },
};

/** The scripts as registered; exported for the test that their keys share one cluster slot. */
export const REWIND_SCRIPTS = Object.entries(SCRIPTS).map(([name, { file, keys }]) => ({
  name: name as keyof RewindCommands,
  numberOfKeys: keys,
  lua: readFileSync(join(import.meta.dirname, '..', 'scripts', file), 'utf8'),
}));

/** Registers the rewind scripts on `redis` (idempotent) and returns it typed with them. */
export function withRewindScripts(redis: RedisClient): RedisClient & RewindCommands {
  for (const { name, numberOfKeys, lua } of REWIND_SCRIPTS) {
    if (!(name in redis)) redis.defineCommand(name, { numberOfKeys, lua });
  }
  return redis as RedisClient & RewindCommands;
}
