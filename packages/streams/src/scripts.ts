// The runtime's Lua scripts, registered on a connection as ioredis commands (EVALSHA with
// an automatic EVAL fallback after a SCRIPT FLUSH or a restart). Every script touches keys
// of one partition only, all under the partition's hash tag, so it runs on Redis Cluster.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RedisClient } from './cluster-redis-client.ts';
import type { PipelineReplies } from './pipeline-reply.ts';

type Arg = string | number;

/** The scripts as typed methods of a connection that has them registered. */
export interface ScriptCommands {
  tfPublish(
    stream: string,
    markers: string,
    windowMs: Arg,
    trim: string,
    threshold: Arg,
    ...countIdsThenFields: Arg[]
  ): Promise<(number | string)[]>;
  tfLeaseAcquire(lease: string, fence: string, owner: string, ttlMs: Arg): Promise<number>;
  tfLeaseRenew(lease: string, holder: string, ttlMs: Arg): Promise<number>;
  tfLeaseRelease(lease: string, holder: string): Promise<number>;
  tfAck(
    stream: string,
    lease: string,
    checkpoint: string,
    remembered: string,
    group: string,
    holder: string,
    state: string,
    ...rememberedCountIdsThenEntryIds: Arg[]
  ): Promise<number>;
  tfDeadLetter(
    stream: string,
    lease: string,
    checkpoint: string,
    deadLetter: string,
    remembered: string,
    group: string,
    holder: string,
    entryId: string,
    kind: string,
    reason: string,
    deliveries: Arg,
    maxLength: Arg,
    fieldsJson: string,
    eventId: string,
    handler: string,
    state: string,
    ...rememberedCountIdsThenEarlierIds: Arg[]
  ): Promise<string>;
  tfHeartbeat(members: string, member: string, ttlMs: Arg): Promise<string[]>;
}

/** Put in front of the scripts that settle entries: the fence, remembering, ack and checkpoint steps. */
const SETTLE_PRELUDE = 'settle-prelude.lua';

interface ScriptFile {
  readonly file: string;
  readonly keys: number;
  /** A file of shared local functions, loaded in front of this one. */
  readonly prelude?: string;
}

const SCRIPTS: Record<keyof ScriptCommands, ScriptFile> = {
  tfPublish: { file: 'publish.lua', keys: 2 },
  tfLeaseAcquire: { file: 'lease-acquire.lua', keys: 2 },
  tfLeaseRenew: { file: 'lease-renew.lua', keys: 1 },
  tfLeaseRelease: { file: 'lease-release.lua', keys: 1 },
  tfAck: { file: 'ack.lua', keys: 4, prelude: SETTLE_PRELUDE },
  tfDeadLetter: { file: 'dead-letter.lua', keys: 5, prelude: SETTLE_PRELUDE },
  tfHeartbeat: { file: 'heartbeat.lua', keys: 1 },
};

export interface LoadedScript {
  readonly name: keyof ScriptCommands;
  /** The script's own file, under src/scripts. */
  readonly file: string;
  readonly numberOfKeys: number;
  /** The source sent to Redis: the prelude (if the script takes one), then the script's file. */
  readonly lua: string;
}

const readScript = (file: string) => readFileSync(join(import.meta.dirname, 'scripts', file), 'utf8');

/**
 * The scripts as registered on a connection. A prelude is prepended here, at load time, rather
 * than shared through Redis Functions (docs/decisions/0013): each script stays one EVALSHA
 * that ioredis reloads by itself after a SCRIPT FLUSH or a restart.
 */
export const LOADED_SCRIPTS: readonly LoadedScript[] = Object.entries(SCRIPTS).map(
  ([name, { file, keys, prelude }]) => ({
    name: name as keyof ScriptCommands,
    file,
    numberOfKeys: keys,
    lua: prelude === undefined ? readScript(file) : `${readScript(prelude)}\n${readScript(file)}`,
  }),
);

export type ScriptedRedis = RedisClient & ScriptCommands;

/** Registers the scripts on `redis` (idempotent) and returns it typed with them. */
export function withScripts(redis: RedisClient): ScriptedRedis {
  for (const { name, numberOfKeys, lua } of LOADED_SCRIPTS) {
    if (!(name in redis)) redis.defineCommand(name, { numberOfKeys, lua });
  }
  return redis as ScriptedRedis;
}

/** An explicit pipeline with the scripts as methods: written to Redis as soon as exec() is called. */
export type ScriptPipeline = {
  [K in keyof ScriptCommands]: (...args: Parameters<ScriptCommands[K]>) => ScriptPipeline;
} & {
  exec(): Promise<PipelineReplies>;
};

/**
 * A pipeline of script calls that is sent when exec() is called, instead of through the
 * connection's auto-pipeline, which sends what was queued at the end of the tick and then
 * waits for all of it to come back before it sends more.
 */
export function scriptPipeline(redis: ScriptedRedis): ScriptPipeline {
  return redis.pipeline() as unknown as ScriptPipeline;
}
