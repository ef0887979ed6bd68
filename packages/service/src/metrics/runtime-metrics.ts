// The streams runtime's hooks (StreamsMetrics) as prom-client metrics: what a consumer
// reads, acks, retries and dead-letters, its handlers' durations, backlog and leases, and
// its Redis connections. Names and labels are a contract with dashboards and alert rules
// (the names are listed in metric-names.ts): `type` is the event type, `partition` the
// partition number, `group` the consumer group; counters end in `_total`; base units.
import {
  CONNECTION_ROLES,
  DEAD_LETTER_KINDS,
  type PartitionLabels,
  type StreamLabels,
  type StreamsMetrics,
} from '@tickflow/streams';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { perKey, perLabels } from './label-cache.ts';

/**
 * Handler durations, in seconds: from a synchronous in-memory handler (~0.1 ms) to a slow
 * downstream call, with a boundary at each alert threshold (0.1 s and 0.25 s).
 */
export const HANDLER_DURATION_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
] as const;

const STREAM = ['type', 'partition'] as const;
const PARTITION = ['type', 'partition', 'group'] as const;

export function createRuntimeMetrics(registry: Registry): StreamsMetrics {
  const counter = (name: string, help: string, labelNames: readonly string[]) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const gauge = (name: string, help: string, labelNames: readonly string[]) =>
    new Gauge({ name, help, labelNames, registers: [registry] });

  const published = counter(
    'tickflow_events_published_total',
    'Events appended to partition streams by this process (duplicates dropped by the dedupe window not counted).',
    STREAM,
  );
  const consumed = counter(
    'tickflow_events_consumed_total',
    'Stream entries read by the consumer group and handed to handlers (redeliveries included).',
    PARTITION,
  );
  const acked = counter(
    'tickflow_events_acked_total',
    'Stream entries acked after their handlers succeeded.',
    PARTITION,
  );
  const retried = counter(
    'tickflow_handler_retries_total',
    'Handler calls that failed and whose entry will be delivered again.',
    [...PARTITION, 'handler'],
  );
  const deadLettered = counter(
    'tickflow_events_dead_lettered_total',
    'Entries moved to the dead-letter stream, by kind (undecodable, invalid, failed, permanent, trimmed).',
    [...PARTITION, 'kind'],
  );
  const duration = new Histogram({
    name: 'tickflow_handler_duration_seconds',
    help: 'Wall time of one handler call, failed calls included.',
    labelNames: ['type', 'group', 'handler'],
    buckets: [...HANDLER_DURATION_BUCKETS],
    registers: [registry],
  });
  const inFlight = gauge(
    'tickflow_in_flight_entries',
    "In-flight permits the group's consumer holds (at most maxInFlight): entries read but not yet acked, plus the room reserved by reads in progress.",
    ['group'],
  );
  const lag = gauge(
    'tickflow_consumer_lag_entries',
    'Entries of an owned partition not yet delivered to the group (XINFO GROUPS lag, sampled each lease renewal; absent when Redis cannot tell).',
    PARTITION,
  );
  const pending = gauge(
    'tickflow_consumer_pending_entries',
    'Entries of an owned partition delivered to the group but not acked (sampled each lease renewal).',
    PARTITION,
  );
  const oldestPending = gauge(
    'tickflow_consumer_oldest_pending_age_seconds',
    "Age of the oldest entry of an owned partition delivered to the group but not acked: Redis' clock (TIME) minus its entry id's append time; 0 when none is pending (sampled each lease renewal).",
    PARTITION,
  );
  const owned = gauge(
    'tickflow_partition_owned',
    '1 while this process holds the partition lease, else 0.',
    PARTITION,
  );
  const fencing = counter(
    'tickflow_lease_fencing_total',
    'Fenced writes by outcome; refused: Redis refused an ack or dead-letter move because the lease was lost or taken.',
    ['group', 'outcome'],
  );
  const statuses = counter(
    'tickflow_consumer_status_total',
    'Status notifications of consumers, by status type: leases acquired, released and lost, workers crashed, rounds failed...',
    ['group', 'type'],
  );
  const circuit = gauge(
    'tickflow_circuit_open',
    'Handler circuit breaker: 0 closed, 0.5 half-open, 1 open.',
    ['group', 'handler'],
  );
  const connectionErrors = counter(
    'tickflow_redis_connection_errors_total',
    "Error events of the runtime's Redis connections, by connection role.",
    ['role'],
  );
  const reconnects = counter(
    'tickflow_redis_reconnects_total',
    "Reconnect attempts of the runtime's Redis connections after a lost link (ioredis 'reconnecting' events), by connection role.",
    ['role'],
  );
  const commandErrors = counter(
    'tickflow_redis_command_errors_total',
    'Redis commands of the streams runtime that failed with an error reply or a connection failure: publish, ack and dead-letter script calls (each attempt), blocking reads, lease rounds, backlog samples. Fenced refusals are in tickflow_lease_fencing_total.',
    ['role'],
  );

  // Zero from the start, so that the first increase shows in rate() and increase() (an
  // alert on a series that appears at 1 would miss it).
  for (const role of CONNECTION_ROLES) {
    connectionErrors.inc({ role }, 0);
    reconnects.inc({ role }, 0);
    commandErrors.inc({ role }, 0);
  }

  const partitionOf = (l: PartitionLabels) => ({ type: l.type, partition: l.partition, group: l.group });
  const publishedTo = perLabels((l: StreamLabels) =>
    published.labels({ type: l.type, partition: l.partition }),
  );
  const consumedFrom = perLabels((l: PartitionLabels) => consumed.labels(partitionOf(l)));
  const ackedOn = perLabels((l: PartitionLabels) => acked.labels(partitionOf(l)));
  const durationOf = perLabels((l: PartitionLabels) =>
    perKey((handler) => duration.labels({ type: l.type, group: l.group, handler })),
  );
  const refusedIn = perKey((group) => fencing.labels({ group, outcome: 'refused' }));

  return {
    published: (l, count) => publishedTo(l).inc(count),
    consumed: (l, count) => consumedFrom(l).inc(count),
    acked: (l, count) => ackedOn(l).inc(count),
    retried: (l, handler) => retried.inc({ ...partitionOf(l), handler }),
    deadLettered: (l, kind) => deadLettered.inc({ ...partitionOf(l), kind }),
    handlerLatencyMs: (l, handler, ms) => durationOf(l)(handler).observe(ms / 1_000),
    inFlight: (group, count) => inFlight.set({ group }, count),
    backlog: (l, lagCount, pendingCount, oldestAgeMs) => {
      const labels = partitionOf(l);
      if (lagCount === undefined) lag.remove(labels);
      else lag.set(labels, lagCount);
      pending.set(labels, pendingCount);
      if (oldestAgeMs === undefined) oldestPending.remove(labels);
      else oldestPending.set(labels, oldestAgeMs / 1_000);
    },
    leaseChanged: (l, isOwned) => {
      const labels = partitionOf(l);
      owned.set(labels, isOwned ? 1 : 0);
      if (isOwned) {
        // The partition's counters start at zero (see above).
        consumedFrom(l).inc(0);
        ackedOn(l).inc(0);
        for (const kind of DEAD_LETTER_KINDS) deadLettered.inc({ ...labels, kind }, 0);
        refusedIn(l.group).inc(0);
      } else {
        // Another member samples it now: a stale value here would add to theirs.
        lag.remove(labels);
        pending.remove(labels);
        oldestPending.remove(labels);
      }
    },
    fenced: (l) => refusedIn(l.group).inc(),
    circuitChanged: (group, handler, state) =>
      circuit.set({ group, handler }, state === 'open' ? 1 : state === 'half-open' ? 0.5 : 0),
    connectionError: (role) => connectionErrors.inc({ role }),
    reconnecting: (role) => reconnects.inc({ role }),
    commandError: (role) => commandErrors.inc({ role }),
    consumerStatus: (group, type) => statuses.inc({ group, type }),
  };
}
