// Hooks the runtime calls as it works. No-op by default, so the library runs bare in tests;
// the service kit wires them to prom-client.
//
// Labels are objects made once per partition (and per group) and reused for every event:
// an implementation may cache whatever it derives from them by identity (the kit keeps
// label-bound prom-client children in a WeakMap), so a per-event hook costs no string
// building or hashing.

import type { EventType, PartitionKeys } from '@tickflow/events';
import type { DeadLetterKind } from './dead-letter.ts';
import { isConnectionFailure, isReplyError } from './redis-errors.ts';
import type { StatusType } from './status.ts';

/** One partition stream. */
export interface StreamLabels {
  /** The stream's key, e.g. `tf:{live:md:3~1303}`: for logs and tests, not a metric label. */
  readonly stream: string;
  readonly type: EventType;
  /** The partition number, as a label value. */
  readonly partition: string;
}

/** One partition stream as seen by one consumer group. */
export interface PartitionLabels extends StreamLabels {
  readonly group: string;
}

export interface StreamsMetrics {
  published(labels: StreamLabels, count: number): void;
  consumed(labels: PartitionLabels, count: number): void;
  acked(labels: PartitionLabels, count: number): void;
  retried(labels: PartitionLabels, handler: string): void;
  deadLettered(labels: PartitionLabels, kind: DeadLetterKind): void;
  /** Wall time of one handler call, in milliseconds. */
  handlerLatencyMs(labels: PartitionLabels, handler: string, ms: number): void;
  inFlight(group: string, count: number): void;
  /**
   * For an owned partition, sampled every lease renewal: entries not yet delivered (lag;
   * undefined when Redis cannot tell, after some XDEL/XTRIM), delivered but not acked
   * (pending), and the age of the oldest pending entry (see pending-age.ts: since its append,
   * by Redis' clock; 0 when none is pending; undefined when it could not be read).
   */
  backlog(
    labels: PartitionLabels,
    lag: number | undefined,
    pending: number,
    oldestPendingAgeMs: number | undefined,
  ): void;
  leaseChanged(labels: PartitionLabels, owned: boolean): void;
  /**
   * Redis refused a fenced write of this partition (an ack or a dead-letter move): the lease
   * is someone else's now, and the worker stops.
   */
  fenced(labels: PartitionLabels): void;
  circuitChanged(group: string, handler: string, state: 'closed' | 'open' | 'half-open'): void;
  /** An 'error' event of a runtime connection (`role`: commands, blocking, bulk). */
  connectionError(role: string, error: Error): void;
  /** A runtime connection lost its link and schedules a reconnect (ioredis 'reconnecting': once per attempt). */
  reconnecting(role: string): void;
  /**
   * A Redis command of the runtime failed with an error reply or a connection failure, where
   * the runtime sees it: publish script calls, ack and dead-letter script calls (each
   * attempt; a fenced refusal goes to `fenced` instead), blocking reads, lease rounds and
   * backlog samples. Report through reportCommandError(), which keeps other errors out.
   */
  commandError(role: string, error: unknown): void;
  /** Every status notification a consumer emits (see status.ts), by type. */
  consumerStatus(group: string, type: StatusType): void;
}

const noop = () => undefined;

export const noopMetrics: StreamsMetrics = {
  published: noop,
  consumed: noop,
  acked: noop,
  retried: noop,
  deadLettered: noop,
  handlerLatencyMs: noop,
  inFlight: noop,
  backlog: noop,
  leaseChanged: noop,
  fenced: noop,
  circuitChanged: noop,
  connectionError: noop,
  reconnecting: noop,
  commandError: noop,
  consumerStatus: noop,
};

/** Calls the commandError hook when `error` is Redis' own (an error reply or a connection failure), not a bug of ours. */
export function reportCommandError(metrics: StreamsMetrics, role: string, error: unknown): void {
  if (isReplyError(error) || isConnectionFailure(error)) metrics.commandError(role, error);
}

// One labels object per partition keys object (and group): everyone holding the same keys
// (the publisher's cache, a consumer's partitions) hands the hooks the same object.
const streamLabelsCache = new WeakMap<PartitionKeys, StreamLabels>();
const partitionLabelsCache = new WeakMap<PartitionKeys, Map<string, PartitionLabels>>();

/** The labels of a partition stream, made once per keys object. */
export function streamLabels(keys: PartitionKeys): StreamLabels {
  let labels = streamLabelsCache.get(keys);
  if (labels === undefined) {
    labels = { stream: keys.stream, type: keys.type, partition: String(keys.partition) };
    streamLabelsCache.set(keys, labels);
  }
  return labels;
}

/** The labels of a partition stream for `group`, made once per keys object and group. */
export function partitionLabels(keys: PartitionKeys, group: string): PartitionLabels {
  let byGroup = partitionLabelsCache.get(keys);
  if (byGroup === undefined) {
    byGroup = new Map();
    partitionLabelsCache.set(keys, byGroup);
  }
  let labels = byGroup.get(group);
  if (labels === undefined) {
    labels = { ...streamLabels(keys), group };
    byGroup.set(group, labels);
  }
  return labels;
}
