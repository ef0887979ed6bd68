// The requeue script, registered on a connection as an ioredis command (EVALSHA, with EVAL
// when Redis answers NOSCRIPT after a SCRIPT FLUSH or a restart), as the streams package
// does. Its keys are one partition's stream, dead letters and requeued hash: one slot.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RedisClient } from '@tickflow/streams';

export interface RequeueCommands {
  /** scripts/requeue-dead-letters.lua: a status and a value per dead-letter id, flat. */
  tfReplayRequeue(stream: string, deadLetter: string, requeued: string, ...ids: string[]): Promise<string[]>;
}

/** The script as registered; exported for the test that its keys share one cluster slot. */
export const REQUEUE_SCRIPT = {
  name: 'tfReplayRequeue',
  numberOfKeys: 3,
  lua: readFileSync(join(import.meta.dirname, '..', 'scripts', 'requeue-dead-letters.lua'), 'utf8'),
} as const satisfies { name: keyof RequeueCommands; numberOfKeys: number; lua: string };

/** Registers the script on `redis` (idempotent) and returns it typed with it. */
export function withRequeueScript(redis: RedisClient): RedisClient & RequeueCommands {
  const { name, numberOfKeys, lua } = REQUEUE_SCRIPT;
  if (!(name in redis)) redis.defineCommand(name, { numberOfKeys, lua });
  return redis as RedisClient & RequeueCommands;
}
