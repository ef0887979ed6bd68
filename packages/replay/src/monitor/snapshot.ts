// What the EventMonitor page receives once a second (replay-service's `GET /live`, event
// `snapshot`): the contract between the monitor and the front end. Plain JSON, no bigints;
// times are ms (Redis' clock for anything taken from entry ids), counts are entries.

import type { EventType } from '@tickflow/events';
import type { DeadLetterKind } from '@tickflow/streams';
import type { ReplayProgress } from '../engine/progress.ts';
import type { CircuitReport } from './circuit-reports.ts';

/** The hops of a tick's way to a fill, as the page labels them. */
export const LATENCY_HOPS = ['tick→signal', 'signal→order', 'order→fill', 'tick→fill'] as const;
export type LatencyHop = (typeof LATENCY_HOPS)[number];

export interface MonitorSnapshot {
  /** When it was taken, ms since the epoch (Redis' clock). */
  readonly at: number;
  /** The namespace watched. */
  readonly namespace: string;
  /** Per event type (market_data, signal, order, fill), always all four. */
  readonly types: Readonly<Record<EventType, TypeFlow>>;
  /** One row per consumer group and type it reads, in group then pipeline order. */
  readonly groups: readonly GroupHealth[];
  readonly deadLetters: DeadLetterTotals;
  readonly latency: LatencySummary;
  /** Runs of this process that are running or paused, as the replay API shows them. */
  readonly replays: readonly ReplayProgress[];
}

export interface TypeFlow {
  /** Entries ever appended to the type's streams (XINFO STREAM entries-added, all partitions); survives trimming. */
  readonly total: number;
  /** Entries appended per second since the previous snapshot; 0 on the first. */
  readonly ratePerSec: number;
}

/** One consumer group on one type's streams, summed over the partitions. */
export interface GroupHealth {
  readonly group: string;
  readonly type: EventType;
  /** Entries not yet delivered to the group; null when Redis cannot tell for some partition (never a guessed 0). */
  readonly lag: number | null;
  /** Entries delivered and not acked. */
  readonly pending: number;
  /** Age of the oldest pending entry (since it was appended), ms; null when nothing is pending. */
  readonly oldestPendingMs: number | null;
  /** Distinct consumers the group has on these streams (XINFO CONSUMERS). */
  readonly consumers: number;
  /** Distinct consumers holding a partition's lease now, sorted. */
  readonly leaseOwners: readonly string[];
  /** Circuit states its live consumers reported (handler, consumer, state, since when); none reported means closed. */
  readonly circuits: readonly CircuitReport[];
  /** Some handler's circuit is open or half-open. */
  readonly circuitOpen: boolean;
  /** Lag or pending over their thresholds, the oldest pending entry older than its threshold, or a circuit not closed. */
  readonly behind: boolean;
}

export interface DeadLetterTotals {
  /** Dead letters kept, all streams (requeued ones included: requeuing copies, it does not delete). */
  readonly total: number;
  /** Of those, how many were requeued. */
  readonly requeued: number;
  /** Per type of the stream they came from; only types that have some. */
  readonly byType: Readonly<Partial<Record<EventType, number>>>;
  /**
   * Per kind; only kinds that occur. Counted incrementally (a bounded read per snapshot), so
   * after a burst of dead letters it may trail `total` for a few snapshots.
   */
  readonly byKind: Readonly<Partial<Record<DeadLetterKind, number>>>;
}

export interface LatencySummary {
  /** Fills of the last minute whose chains were measured (at most the sample size). */
  readonly sampled: number;
  /** Per hop, from append times (ms, Redis' clock); a hop no sampled chain had is absent. */
  readonly hops: Readonly<Partial<Record<LatencyHop, HopLatency>>>;
  /** The newest fills (any age), newest first: ids the page can open a causal chain of. */
  readonly latestFills: readonly LatestFill[];
  /** When the latency was computed (it is recomputed at most every few seconds), ms since the epoch. */
  readonly computedAt: number;
}

export interface HopLatency {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface LatestFill {
  /** The fill's event id (GET /events/{id}?chain=true opens its chain). */
  readonly id: string;
  readonly symbol: string;
  /** When Redis appended it, ms since the epoch. */
  readonly appendMs: number;
}
