// The EventMonitor's data: one snapshot of a namespace — flow per type, consumer groups,
// dead letters, pipeline latency, replay progress — cheap enough to take every second. The
// monitor keeps what rates and incremental counts need (the previous totals, the dead
// letters counted, the latency sample), so one monitor serves every viewer: callers share
// it rather than each making their own.
import { EVENT_TYPES, type EventType } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import type { ReplayProgress } from '../engine/progress.ts';
import { inspectGroups } from '../groups/inspect-groups.ts';
import type { Scope } from '../scope.ts';
import { readCircuitReports } from './circuit-reports.ts';
import { createDeadLetterTally } from './dead-letter-tally.ts';
import { type BehindThresholds, DEFAULT_BEHIND, groupHealth } from './group-health.ts';
import { createLatencySampler } from './latency-sampler.ts';
import type { MonitorSnapshot, TypeFlow } from './snapshot.ts';
import { readStreamTotals, type StreamTotals } from './stream-totals.ts';

export interface MonitorOptions {
  /** Most of the newest fills whose causal chains are measured. Default 20. */
  readonly latencySample?: number;
  /** Least time between two latency computations, ms. Default 5,000. */
  readonly latencyEveryMs?: number;
  /** Only fills appended this recently count towards latency, ms. Default 60,000. */
  readonly latencyWindowMs?: number;
  /** When a group is flagged behind; defaults: lag 1,000, pending 1,000, oldest pending 30,000 ms. */
  readonly behind?: Partial<BehindThresholds>;
  /** The running and paused replay runs (the monitor does not know the replay manager). Default none. */
  readonly replays?: () => readonly ReplayProgress[];
}

export interface Monitor {
  /** Takes a snapshot; calls made while one is being taken get that one. */
  snapshot(): Promise<MonitorSnapshot>;
}

/** Fills listed in a snapshot's latestFills. */
const LATEST_FILLS = 5;

export function createMonitor(redis: RedisClient, scope: Scope, options: MonitorOptions = {}): Monitor {
  const thresholds: BehindThresholds = { ...DEFAULT_BEHIND, ...options.behind };
  const deadLetters = createDeadLetterTally(redis, scope);
  const latency = createLatencySampler(redis, scope, {
    sample: options.latencySample ?? 20,
    everyMs: options.latencyEveryMs ?? 5_000,
    windowMs: options.latencyWindowMs ?? 60_000,
    latest: LATEST_FILLS,
  });
  let previous: StreamTotals | undefined;
  let taking: Promise<MonitorSnapshot> | undefined;

  const take = async (): Promise<MonitorSnapshot> => {
    const totals = await readStreamTotals(redis, scope);
    const [groups, letters, hops] = await Promise.all([
      inspectGroups(redis, scope),
      deadLetters.read(),
      latency.read(totals.atMs),
    ]);
    const circuits = await readCircuitReports(redis, scope.namespace, groups);
    const types = flows(totals, previous);
    previous = totals;
    return {
      at: totals.atMs,
      namespace: scope.namespace,
      types,
      groups: groupHealth(groups, thresholds, circuits),
      deadLetters: letters,
      latency: hops,
      replays: [...(options.replays?.() ?? [])],
    };
  };

  return {
    snapshot() {
      // One at a time: the rates and the dead-letter counts are deltas from the previous one.
      taking ??= take().finally(() => {
        taking = undefined;
      });
      return taking;
    },
  };
}

function flows(now: StreamTotals, before: StreamTotals | undefined): Record<EventType, TypeFlow> {
  const elapsedSec = before === undefined ? 0 : (now.atMs - before.atMs) / 1_000;
  const entries = EVENT_TYPES.map((type): [EventType, TypeFlow] => {
    const total = now.totals[type];
    // A stream deleted and made again counts from 0: no negative rate.
    const added = before === undefined ? 0 : Math.max(0, total - before.totals[type]);
    const ratePerSec = elapsedSec > 0 ? Math.round((added / elapsedSec) * 100) / 100 : 0;
    return [type, { total, ratePerSec }];
  });
  return Object.fromEntries(entries) as Record<EventType, TypeFlow>;
}
