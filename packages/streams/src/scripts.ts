// The runtime's Lua scripts, registered on a connection as ioredis commands (EVALSHA with
// an automatic EVAL fallback after a SCRIPT FLUSH or a restart). Every script touches keys
// of one partition only, all under the partition's hash tag, so it runs on Redis Cluster.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
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
    reason: string,
    deliveries: Arg,
    maxLength: Arg,
    fieldsJson: string,
    state: string,
    ...rememberedCountIdsThenEarlierIds: Arg[]
  ): Promise<string>;
  tfHeartbeat(members: string, member: string, ttlMs: Arg): Promise<string[]>;
}

const SCRIPTS: Record<keyof ScriptCommands, { file: string; keys: number }> = {
  tfPublish: { file: 'publish.lua', keys: 2 },
  tfLeaseAcquire: { file: 'lease-acquire.lua', keys: 2 },
  tfLeaseRenew: { file: 'lease-renew.lua', keys: 1 },
  tfLeaseRelease: { file: 'lease-release.lua', keys: 1 },
  tfAck: { file: 'ack.lua', keys: 4 },
  tfDeadLetter: { file: 'dead-letter.lua', keys: 5 },
  tfHeartbeat: { file: 'heartbeat.lua', keys: 1 },
};

const sources = new Map(
  Object.entries(SCRIPTS).map(([name, { file }]) => [
    name,
    readFileSync(join(import.meta.dirname, 'scripts', file), 'utf8'),
  ]),
);

export type ScriptedRedis = Redis & ScriptCommands;

/** Registers the scripts on `redis` (idempotent) and returns it typed with them. */
export function withScripts(redis: Redis): ScriptedRedis {
  for (const [name, { keys }] of Object.entries(SCRIPTS)) {
    if (!(name in redis)) {
      redis.defineCommand(name, {
        numberOfKeys: keys,
        lua: sources.get(name) as string,
      });
    }
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

/** True for the error a fenced script returns: the caller no longer holds the lease. */
export function isFencedReply(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('FENCED');
}
