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
  validName('namespace', options.namespace, assertNamespace);
  positiveInteger('partitions', options.partitions);
  const dedupeWindowMs = options.dedupeWindowMs ?? 15 * 60_000;
  nonNegativeInteger('dedupeWindowMs', dedupeWindowMs);
  return {
    namespace: options.namespace,
    partitions: options.partitions,
    retention: resolveRetention(options.retention),
    dedupeWindowMs,
    metrics: options.metrics ?? noopMetrics,
  };
}

/** Every event type's retention, checked and copied: a later change to the caller's object can't skip the check. */
function resolveRetention(given: PublisherOptions['retention']): Record<EventType, Retention> {
  if (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given))) {
    throw new BadOptionsError(`retention must be an object keyed by event type, got ${show(given)}`);
  }
  // A misspelled type would otherwise be ignored and its stream kept at the default length.
  const unknown = Object.keys(given ?? {}).find((key) => !(EVENT_TYPES as readonly string[]).includes(key));
  if (unknown !== undefined) {
    throw new BadOptionsError(
      `retention.${unknown} is not an event type: retention keys must be one of ${EVENT_TYPES.join(', ')}, got "${unknown}"`,
    );
  }
  const entries = EVENT_TYPES.map((type) => [type, retentionOf(type, given?.[type])] as const);
  return Object.fromEntries(entries) as Record<EventType, Retention>;
}

function retentionOf(type: EventType, value: Retention | undefined): Retention {
  if (value === undefined) return DEFAULT_RETENTION;
  if (value === 'unbounded') return value;
  // Exactly one key: with both, the publisher would silently trim by maxLength alone.
  const keys = typeof value === 'object' && value !== null ? Object.keys(value).join() : '';
  if (keys === 'maxLength' && 'maxLength' in value) {
    positiveInteger(`retention.${type}.maxLength`, value.maxLength);
    return { maxLength: value.maxLength };
  }
  if (keys === 'maxAgeMs' && 'maxAgeMs' in value) {
    positiveInteger(`retention.${type}.maxAgeMs`, value.maxAgeMs);
    return { maxAgeMs: value.maxAgeMs };
  }
  throw new BadOptionsError(
    `retention.${type} must be { maxLength }, { maxAgeMs } or 'unbounded', got ${show(value)}`,
  );
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

/** Entries per read at most: a batch is one ack script call; its ids and arguments stay modest. */
export const MAX_BATCH_SIZE = 5_000;

export function resolveConsumerOptions(
  options: ConsumerOptions,
  defaultName: string,
): ResolvedConsumerOptions {
  validName('namespace', options.namespace, assertNamespace);
  validName('group', options.group, assertGroupName);
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
    'retryBaseDelayMs',
    'retryMaxDelayMs',
    'circuitFailureThreshold',
    'circuitCoolDownMs',
    'deadLetterMaxLength',
  ] as const) {
    positiveInteger(name, resolved[name]);
  }
  // 0 is allowed: stop() then aborts in-flight work at once.
  nonNegativeInteger('shutdownGraceMs', resolved.shutdownGraceMs);
  if (resolved.batchSize > MAX_BATCH_SIZE) {
    throw new BadOptionsError(
      `batchSize must be at most ${MAX_BATCH_SIZE}, got ${resolved.batchSize}: a batch is acked in one script call`,
    );
  }
  if (resolved.leaseRenewMs * 2 > resolved.leaseTtlMs) {
    throw new BadOptionsError(
      `leaseRenewMs (${resolved.leaseRenewMs}) must be at most half of leaseTtlMs (${resolved.leaseTtlMs}), or a slow renewal loses the lease`,
    );
  }
  if (resolved.retryBaseDelayMs > resolved.retryMaxDelayMs) {
    throw new BadOptionsError(
      `retryBaseDelayMs (${resolved.retryBaseDelayMs}) must be at most retryMaxDelayMs (${resolved.retryMaxDelayMs}), or the cap overrides every backoff step`,
    );
  }
  if (resolved.startFrom !== 'earliest' && resolved.startFrom !== 'latest') {
    throw new BadOptionsError(`startFrom must be 'earliest' or 'latest', got ${show(resolved.startFrom)}`);
  }
  // typeof first, as in validName.
  const name: unknown = resolved.consumerName;
  if (typeof name !== 'string' || !/^[A-Za-z0-9._-]{1,128}$/.test(name)) {
    throw new BadOptionsError(`consumerName must be 1-128 of A-Z a-z 0-9 . _ -, got ${show(name)}`);
  }
  return resolved;
}

function positiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new BadOptionsError(`${name} must be a positive integer, got ${show(value)}`);
}

function nonNegativeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new BadOptionsError(`${name} must be a non-negative integer, got ${show(value)}`);
}

/** Callers catch BadOptionsError, not the events package's RangeError. typeof first: its RegExp
 * check turns a missing group into "undefined", which passes. */
function validName(option: string, value: string, assert: (value: string) => void): void {
  if (typeof value !== 'string') throw new BadOptionsError(`${option} must be a string, got ${show(value)}`);
  try {
    assert(value);
  } catch (error) {
    throw error instanceof RangeError ? new BadOptionsError(error.message) : error;
  }
}

/** A given value as a message shows it: strings quoted, so "5" and 5 read differently. */
function show(value: unknown): string {
  const quoted = typeof value === 'string' || (typeof value === 'object' && value !== null);
  try {
    return quoted ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}
