// The requeue script, registered on a connection as an ioredis command (EVALSHA, with EVAL
// when Redis answers NOSCRIPT after a SCRIPT FLUSH or a restart), as the streams package
// does. Its keys are one partition's stream, dead letters and requeued hash: one slot.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';

export interface RequeueCommands {
  /** scripts/requeue-dead-letters.lua: a status and a value per dead-letter id, flat. */
  tfReplayRequeue(stream: string, deadLetter: string, requeued: string, ...ids: string[]): Promise<string[]>;
}

const NAME = 'tfReplayRequeue';
const LUA = readFileSync(join(import.meta.dirname, '..', 'scripts', 'requeue-dead-letters.lua'), 'utf8');

/** Registers the script on `redis` (idempotent) and returns it typed with it. */
export function withRequeueScript(redis: Redis): Redis & RequeueCommands {
  if (!(NAME in redis)) redis.defineCommand(NAME, { numberOfKeys: 3, lua: LUA });
  return redis as Redis & RequeueCommands;
}
