// What is kept of each replay run, in the source namespace's `replayRuns` hash: what was
// asked (selection, speed, target, who), and how far it got. A run interrupted by a shutdown
// or failed by an outage can be resumed from its record; the API and CLI list them.
import { operatorKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import type { ReplayProgress, ReplayState } from '../engine/progress.ts';

export interface RunRecord {
  readonly id: string;
  /** The namespace replayed from, and its partition count. */
  readonly source: string;
  readonly partitions: number;
  readonly target: string;
  /** The selection as it was given (the raw strings), so a resume selects the same. */
  readonly selection: Readonly<Record<string, unknown>>;
  readonly speed: string;
  readonly by: string;
  readonly state: ReplayState;
  readonly total: number;
  readonly scanned: number;
  readonly replayed: number;
  readonly present: number;
  /** Entries of the range that are not events: not replayed. */
  readonly skipped?: number;
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly error?: string;
}

export function withProgress(record: RunRecord, progress: ReplayProgress): RunRecord {
  const { id: _id, target: _target, ratePerSec: _rate, etaMs: _eta, ...kept } = progress;
  return { ...record, ...kept, startedAt: record.startedAt };
}

export async function saveRunRecord(redis: RedisClient, record: RunRecord): Promise<void> {
  await redis.hset(operatorKeys(record.source).replayRuns, record.id, JSON.stringify(record));
}

export async function loadRunRecord(
  redis: RedisClient,
  source: string,
  id: string,
): Promise<RunRecord | undefined> {
  const json = await redis.hget(operatorKeys(source).replayRuns, id);
  return json === null ? undefined : (JSON.parse(json) as RunRecord);
}

/** Every run of the source namespace, newest first. */
export async function listRunRecords(redis: RedisClient, source: string): Promise<RunRecord[]> {
  const all = await redis.hvals(operatorKeys(source).replayRuns);
  return all.map((json) => JSON.parse(json) as RunRecord).sort((a, b) => b.startedAt - a.startedAt);
}
