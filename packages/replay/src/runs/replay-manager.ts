// The replay runs of one source namespace, as replay-service and the CLI drive them: start
// (checks first, then the record, then the run), control by id, resume an interrupted or
// failed run where its target got, and interrupt everything on shutdown. Every check that
// can refuse a run — speed, target, selection, retention, a target already holding
// history — runs before anything is written.
import { randomBytes } from 'node:crypto';
import type { EventType } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import type { ReplayProgress, ReplayState } from '../engine/progress.ts';
import { type ReplayBatch, type ReplayRun, startReplayRun } from '../engine/replay-run.ts';
import { parseSpeed, type Speed } from '../engine/speed.ts';
import { assertNotSource, assertTargetEmpty, targetPositions } from '../engine/target-checks.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Scope } from '../scope.ts';
import { listRunRecords, loadRunRecord, type RunRecord, saveRunRecord, withProgress } from './run-record.ts';

export interface OpenedSelection {
  readonly types: readonly EventType[];
  readonly partitions: readonly number[];
  /** Entries the scan goes through. */
  readonly total: number;
  readonly batches: (signal: AbortSignal) => AsyncIterable<ReplayBatch>;
}

/** Parses and checks a selection (BadInputError, HistoryTrimmedError) and opens it for reading. */
export type OpenSelection = (selection: Readonly<Record<string, unknown>>) => Promise<OpenedSelection>;

export interface ReplayRequest {
  readonly selection: Readonly<Record<string, unknown>>;
  /** As parseSpeed reads it; default max. */
  readonly speed?: string;
  /** Default `replay-<run id>`. */
  readonly target?: string;
  /** Who asked (the audit log's `by`). */
  readonly by: string;
}

export interface ReplayManagerOptions {
  readonly redis: RedisClient;
  /** Where runs write their copies; default `redis` (see ReplayRunOptions.writeRedis). */
  readonly writeRedis?: RedisClient;
  readonly scope: Scope;
  readonly openSelection: OpenSelection;
  /** Every progress of every run (for /metrics). */
  readonly onProgress?: (progress: ReplayProgress) => void;
  /** How often a running run's record is saved. Default 1,000 ms. */
  readonly saveEveryMs?: number;
}

export interface ReplayManager {
  /** The source namespace the runs replay from. */
  readonly scope: Scope;
  start(request: ReplayRequest): Promise<RunRecord>;
  /** Continues an interrupted, failed or orphaned run; what its target holds is not written again. */
  resume(id: string): Promise<RunRecord>;
  get(id: string): Promise<RunRecord>;
  /** The live progress of a run of this process (rate and ETA included), if it runs here. */
  live(id: string): ReplayProgress | undefined;
  list(): Promise<RunRecord[]>;
  /** The run of this process, to pause, resume, step, change speed or cancel. */
  control(id: string): ReplayRun;
  /** Resolves with the run's final record. */
  finished(id: string): Promise<RunRecord>;
  /** Shutdown: every running run interrupted (resumable), records saved. */
  interruptAll(): Promise<void>;
  /** Runs to continue at start: interrupted by a shutdown, or orphaned by a killed process. */
  resumable(): Promise<RunRecord[]>;
}

export function createReplayManager(options: ReplayManagerOptions): ReplayManager {
  const { redis, scope } = options;
  const saveEveryMs = options.saveEveryMs ?? 1_000;
  const running = new Map<string, { run: ReplayRun; record: Promise<RunRecord> }>();
  // Runs of this process that ended, and how: a control call on one is a conflict, not a miss.
  const ended = new Map<string, ReplayState>();

  const launch = (
    record: RunRecord,
    opened: OpenedSelection,
    speed: Speed,
    presentUpTo?: Map<string, string>,
  ) => {
    const abort = new AbortController();
    let latest = record;
    let savedAt = 0;
    const run = startReplayRun({
      id: record.id,
      redis,
      ...(options.writeRedis ? { writeRedis: options.writeRedis } : {}),
      sourceNamespace: scope.namespace,
      target: record.target,
      source: opened.batches(abort.signal),
      total: opened.total,
      speed,
      ...(presentUpTo ? { presentUpTo } : {}),
      onProgress: (progress) => {
        // A pause, a resume or a speed change is saved at once; plain progress at most every saveEveryMs.
        const changed = progress.state !== latest.state || progress.speed !== latest.speed;
        latest = withProgress(latest, progress);
        options.onProgress?.(progress);
        const now = Date.now();
        if (changed || now - savedAt >= saveEveryMs) {
          savedAt = now;
          saveRunRecord(redis, latest).catch(() => undefined);
        }
      },
    });
    const final = run.done.then(async (progress) => {
      abort.abort();
      latest = withProgress(latest, progress);
      await saveRunRecord(redis, latest).catch(() => undefined);
      return latest;
    });
    running.set(record.id, { run, record: final });
    final
      .then((last) => ended.set(record.id, last.state))
      .finally(() => running.delete(record.id))
      .catch(() => undefined);
  };

  const recordOf = async (id: string): Promise<RunRecord> => {
    const record = await loadRunRecord(redis, scope.namespace, id);
    if (!record) throw new NotFoundError(`no replay run "${id}" in namespace ${scope.namespace}`);
    return record;
  };

  return {
    scope,
    async start(request) {
      const speed = parseSpeed(request.speed ?? 'max');
      const id = newRunId();
      const target = request.target ?? `replay-${id}`;
      assertNotSource(scope.namespace, target);
      const opened = await options.openSelection(request.selection);
      await assertTargetEmpty(redis, {
        namespace: target,
        types: opened.types,
        partitions: opened.partitions,
      });
      const record: RunRecord = {
        id,
        source: scope.namespace,
        partitions: scope.partitions,
        target,
        selection: request.selection,
        speed: request.speed ?? 'max',
        by: request.by,
        state: 'running',
        total: opened.total,
        scanned: 0,
        replayed: 0,
        present: 0,
        startedAt: Date.now(),
      };
      await saveRunRecord(redis, record);
      launch(record, opened, speed);
      return record;
    },
    async resume(id) {
      if (running.has(id)) throw new ConflictError(`replay run "${id}" is running already`);
      const record = await recordOf(id);
      // The selection's partitions are read against the count: another count selects others.
      if (record.partitions !== scope.partitions) {
        throw new ConflictError(
          `replay run "${id}" replayed ${scope.namespace} with ${record.partitions} partitions, not ${scope.partitions}`,
        );
      }
      if (!isResumableRecord(record, false)) {
        throw new ConflictError(
          `replay run "${id}" is ${record.state}: only an interrupted, failed or orphaned run resumes`,
        );
      }
      const opened = await options.openSelection(record.selection);
      const presentUpTo = await targetPositions(redis, {
        namespace: record.target,
        types: opened.types,
        partitions: opened.partitions,
      });
      // `by` stays who started the run; who continued it is in the audit log.
      const resumed: RunRecord = {
        ...record,
        state: 'running',
        total: opened.total,
        scanned: 0,
        replayed: 0,
        present: 0,
      };
      const { endedAt: _ended, error: _error, ...open } = resumed;
      await saveRunRecord(redis, open);
      launch(open, opened, parseSpeed(record.speed), presentUpTo);
      return open;
    },
    async get(id) {
      const record = await recordOf(id);
      const live = running.get(id)?.run.progress();
      return live ? withProgress(record, live) : record;
    },
    live: (id) => running.get(id)?.run.progress(),
    list: () => listRunRecords(redis, scope.namespace),
    control(id) {
      const entry = running.get(id);
      if (entry) return entry.run;
      const state = ended.get(id);
      if (state) throw new ConflictError(`replay run "${id}" has ended (${state})`);
      throw new NotFoundError(`replay run "${id}" is not running in this process`);
    },
    async finished(id) {
      const entry = running.get(id);
      return entry ? entry.record : recordOf(id);
    },
    async resumable() {
      const records = await listRunRecords(redis, scope.namespace);
      return records.filter(
        (record) => record.state !== 'failed' && isResumableRecord(record, running.has(record.id)),
      );
    },
    async interruptAll() {
      await Promise.all(
        [...running.values()].map(async ({ run, record }) => {
          await run.interrupt();
          await record;
        }),
      );
    },
  };
}

/**
 * Interrupted or failed; or still marked running or paused while no process drives it (killed
 * without a shutdown: SIGKILL, out of memory) — one replay-service per namespace drives its
 * runs, so a record of a run not in this process' map is an orphan.
 */
function isResumableRecord(record: RunRecord, runningHere: boolean): boolean {
  if (record.state === 'interrupted' || record.state === 'failed') return true;
  return !runningHere && (record.state === 'running' || record.state === 'paused');
}

function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
