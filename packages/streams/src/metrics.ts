// Hooks the runtime calls as it works. No-op by default, so the library runs bare in tests;
// the service kit wires them to prom-client.

import type { DeadLetterKind } from './dead-letter.ts';
import type { StatusType } from './status.ts';

export interface PartitionLabels {
  readonly stream: string;
  readonly group: string;
}

export interface StreamsMetrics {
  published(stream: string, count: number): void;
  consumed(labels: PartitionLabels, count: number): void;
  acked(labels: PartitionLabels, count: number): void;
  retried(labels: PartitionLabels, handler: string): void;
  deadLettered(labels: PartitionLabels, kind: DeadLetterKind): void;
  /** Wall time of one handler call, in milliseconds. */
  handlerLatencyMs(labels: PartitionLabels, handler: string, ms: number): void;
  inFlight(group: string, count: number): void;
  /**
   * Entries not yet delivered (lag; undefined when Redis cannot tell, after some XDEL/XTRIM)
   * and delivered but not acked (pending), for an owned partition; sampled every lease renewal.
   */
  backlog(labels: PartitionLabels, lag: number | undefined, pending: number): void;
  leaseChanged(labels: PartitionLabels, owned: boolean): void;
  circuitChanged(group: string, handler: string, state: 'closed' | 'open' | 'half-open'): void;
  connectionError(role: string, error: Error): void;
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
  circuitChanged: noop,
  connectionError: noop,
  consumerStatus: noop,
};
