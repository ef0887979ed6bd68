// Publisher and consumer options: raw options in, resolved config out (units in names,
// defaults applied, impossible combinations rejected once, at construction).
import { assertGroupName, assertNamespace, EVENT_TYPES, type EventType } from '@tickflow/events';
import { BadOptionsError } from './errors.ts';
import { noopMetrics, type StreamsMetrics } from './metrics.ts';

/** How a stream is trimmed: keep about `maxLength` entries, or entries newer than `maxAgeMs`. */
export type Retention = { readonly maxLength: number } | { readonly maxAgeMs: number } | 'unbounded';

export interface PublisherOptions {
  readonly namespace: string;
  /** Partitions per event type; must match every consumer's. */
  readonly partitions: number;
  /** Per event type; default: about 1,000,000 entries per partition stream. */
  readonly retention?: Partial<Record<EventType, Retention>>;
  /** How long an event id is remembered to drop duplicate publishes. Default 15 minutes; 0 turns it off. */
  readonly dedupeWindowMs?: number;
  readonly metrics?: StreamsMetrics;
}

export interface ResolvedPublisherOptions {
  readonly namespace: string;
  readonly partitions: number;
  readonly retention: Record<EventType, Retention>;
  readonly dedupeWindowMs: number;
  readonly metrics: StreamsMetrics;
}

const DEFAULT_RETENTION: Retention = { maxLength: 1_000_000 };

export function resolvePublisherOptions(options: PublisherOptions): ResolvedPublisherOptions {
  assertNamespace(options.namespace);
  positiveInteger('partitions', options.partitions);
  const dedupeWindowMs = options.dedupeWindowMs ?? 15 * 60_000;
  nonNegativeInteger('dedupeWindowMs', dedupeWindowMs);
  const retention = Object.fromEntries(
    EVENT_TYPES.map((type) => [type, options.retention?.[type] ?? DEFAULT_RETENTION]),
  ) as Record<EventType, Retention>;
  return {
    namespace: options.namespace,
    partitions: options.partitions,
    retention,
    dedupeWindowMs,
    metrics: options.metrics ?? noopMetrics,
  };
}

export interface ConsumerOptions {
  readonly namespace: string;
  readonly partitions: number;
  /** The consumer group: one per service (or per strategy). */
  readonly group: string;
  /** Unique and stable for this process. Default: `<group>-<host>-<pid>-<random>`. */
  readonly consumerName?: string;
  /** Where a new group starts: the oldest entry kept ('earliest', default) or new ones only. */
  readonly startFrom?: 'earliest' | 'latest';
  /** Entries per read (XREADGROUP COUNT). Default 100, at most MAX_BATCH_SIZE (5,000). */
  readonly batchSize?: number;
  /** Server-side BLOCK of a read, ms. Short, so reads and stops never wait long. Default 1,000. */
  readonly blockMs?: number;
  /** Entries read but not yet acked, across partitions; reads pause at the bound. Default 1,000. */
  readonly maxInFlight?: number;
  /** Partition lease TTL, ms. A dead owner's partitions move after this. Default 10,000. */
  readonly leaseTtlMs?: number;
  /** How often leases are renewed and the group rebalanced, ms. Default leaseTtlMs / 4. */
  readonly leaseRenewMs?: number;
  /** Attempts of a failing handler (deliveries) before the entry is dead-lettered. Default 5. */
  readonly maxDeliveries?: number;
  /** Retry backoff: base doubling per attempt, capped, jittered. Defaults 100 and 5,000. */
  readonly retryBaseDelayMs?: number;
  readonly retryMaxDelayMs?: number;
  /** Consecutive failures that open a handler's circuit. Default 10. */
  readonly circuitFailureThreshold?: number;
  /** How long an open circuit waits before a trial call, ms. Default 5,000. */
  readonly circuitCoolDownMs?: number;
  /** Approximate cap of each partition's dead-letter stream. Default 100,000. */
  readonly deadLetterMaxLength?: number;
  /** `stop()` gives in-flight work this long before it closes regardless, ms. Default 10,000. */
  readonly shutdownGraceMs?: number;
  readonly metrics?: StreamsMetrics;
}

export type ResolvedConsumerOptions = Required<Omit<ConsumerOptions, 'consumerName'>> & {
  consumerName: string;
};

/** Entries per read at most: the ack script hands a batch's ids to XACK through Lua's unpack. */
export const MAX_BATCH_SIZE = 5_000;

export function resolveConsumerOptions(
  options: ConsumerOptions,
  defaultName: string,
): ResolvedConsumerOptions {
  assertNamespace(options.namespace);
  assertGroupName(options.group);
  const leaseTtlMs = options.leaseTtlMs ?? 10_000;
  const resolved: ResolvedConsumerOptions = {
    namespace: options.namespace,
    partitions: options.partitions,
    group: options.group,
    consumerName: options.consumerName ?? defaultName,
    startFrom: options.startFrom ?? 'earliest',
    batchSize: options.batchSize ?? 100,
    blockMs: options.blockMs ?? 1_000,
    maxInFlight: options.maxInFlight ?? 1_000,
    leaseTtlMs,
    leaseRenewMs: options.leaseRenewMs ?? Math.floor(leaseTtlMs / 4),
    maxDeliveries: options.maxDeliveries ?? 5,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 100,
    retryMaxDelayMs: options.retryMaxDelayMs ?? 5_000,
    circuitFailureThreshold: options.circuitFailureThreshold ?? 10,
    circuitCoolDownMs: options.circuitCoolDownMs ?? 5_000,
    deadLetterMaxLength: options.deadLetterMaxLength ?? 100_000,
    shutdownGraceMs: options.shutdownGraceMs ?? 10_000,
    metrics: options.metrics ?? noopMetrics,
  };
  for (const name of [
    'partitions',
    'batchSize',
    'blockMs',
    'maxInFlight',
    'leaseTtlMs',
    'leaseRenewMs',
    'maxDeliveries',
  ] as const) {
    positiveInteger(name, resolved[name]);
  }
  if (resolved.batchSize > MAX_BATCH_SIZE) {
    throw new BadOptionsError(
      `batchSize must be at most ${MAX_BATCH_SIZE}, got ${resolved.batchSize}: a batch's ids are acked through Lua's unpack, which takes fewer than 8,000 values`,
    );
  }
  if (resolved.leaseRenewMs * 2 > resolved.leaseTtlMs) {
    throw new BadOptionsError(
      `leaseRenewMs (${resolved.leaseRenewMs}) must be at most half of leaseTtlMs (${resolved.leaseTtlMs}), or a slow renewal loses the lease`,
    );
  }
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(resolved.consumerName)) {
    throw new BadOptionsError(
      `consumerName must be 1-128 of A-Z a-z 0-9 . _ -, got "${resolved.consumerName}"`,
    );
  }
  return resolved;
}

function positiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new BadOptionsError(`${name} must be a positive integer, got ${value}`);
}

function nonNegativeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new BadOptionsError(`${name} must be a non-negative integer, got ${value}`);
}
