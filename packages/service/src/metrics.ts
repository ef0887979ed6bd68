// prom-client metrics: Node's defaults plus the streams runtime's hooks, on one registry
// that /metrics serves. Names follow Prometheus conventions (`_total`, `_seconds`).
import type { PartitionLabels, StreamsMetrics } from '@tickflow/streams';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface ServiceMetrics {
  readonly registry: Registry;
  /** Hooks to pass to publishers and consumers. */
  readonly streams: StreamsMetrics;
}

export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const partition = ['stream', 'group'] as const;
  const counter = (name: string, help: string, labelNames: readonly string[]) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const gauge = (name: string, help: string, labelNames: readonly string[]) =>
    new Gauge({ name, help, labelNames, registers: [registry] });

  const published = counter('tickflow_events_published_total', 'Events appended to streams.', ['stream']);
  const consumed = counter(
    'tickflow_events_consumed_total',
    'Entries read and handed to handlers.',
    partition,
  );
  const acked = counter(
    'tickflow_events_acked_total',
    'Entries acked after their handlers succeeded.',
    partition,
  );
  const retried = counter(
    'tickflow_handler_retries_total',
    'Handler attempts that failed and were retried.',
    [...partition, 'handler'],
  );
  const deadLettered = counter(
    'tickflow_events_dead_lettered_total',
    'Entries moved to a dead-letter stream, by kind (undecodable, invalid, failed, permanent, trimmed).',
    [...partition, 'kind'],
  );
  const latency = new Histogram({
    name: 'tickflow_handler_duration_seconds',
    help: 'Wall time of one handler call.',
    labelNames: [...partition, 'handler'],
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const inFlight = gauge('tickflow_in_flight_entries', 'Entries read but not yet acked.', ['group']);
  const lag = gauge('tickflow_consumer_lag_entries', 'Entries not yet delivered to the group.', partition);
  const pending = gauge('tickflow_consumer_pending_entries', 'Entries delivered but not acked.', partition);
  const owned = gauge('tickflow_partition_owned', '1 while this process owns the partition.', partition);
  const circuit = gauge('tickflow_circuit_open', '1 while the handler circuit is open, 0.5 half-open.', [
    'group',
    'handler',
  ]);
  const statuses = counter(
    'tickflow_consumer_status_total',
    'Status notifications of consumers: leases acquired, released and lost, workers crashed, rounds failed...',
    ['group', 'type'],
  );
  const connectionErrors = counter('tickflow_redis_connection_errors_total', 'Redis connection errors.', [
    'role',
  ]);

  const labels = (l: PartitionLabels) => ({ stream: l.stream, group: l.group });
  // The per-event hooks use label-bound children, cached: prom-client otherwise hashes the
  // label set on every call, which showed in the profile of a busy service.
  const publishedTo = cached((stream: string) => published.labels({ stream }));
  // Keyed by the labels object itself (the runtime keeps one per partition worker): no key
  // string is built per event.
  const consumedFrom = perLabels((l) => consumed.labels(labels(l)));
  const latencyOf = perLabels((l) => cached((handler: string) => latency.labels({ ...labels(l), handler })));
  const streams: StreamsMetrics = {
    published: (stream, count) => publishedTo(stream).inc(count),
    consumed: (l, count) => consumedFrom(l).inc(count),
    acked: (l, count) => acked.inc(labels(l), count),
    retried: (l, handler) => retried.inc({ ...labels(l), handler }),
    deadLettered: (l, kind) => deadLettered.inc({ ...labels(l), kind }),
    handlerLatencyMs: (l, handler, ms) => latencyOf(l)(handler).observe(ms / 1000),
    inFlight: (group, count) => inFlight.set({ group }, count),
    backlog: (l, lagCount, pendingCount) => {
      if (lagCount !== undefined) lag.set(labels(l), lagCount);
      pending.set(labels(l), pendingCount);
    },
    leaseChanged: (l, isOwned) => owned.set(labels(l), isOwned ? 1 : 0),
    circuitChanged: (group, handler, state) =>
      circuit.set({ group, handler }, state === 'open' ? 1 : state === 'half-open' ? 0.5 : 0),
    connectionError: (role) => connectionErrors.inc({ role }),
    consumerStatus: (group, type) => statuses.inc({ group, type }),
  };
  return { registry, streams };
}

/** make(labels), computed once per labels object. */
function perLabels<T>(make: (l: PartitionLabels) => T): (l: PartitionLabels) => T {
  const cache = new WeakMap<PartitionLabels, T>();
  return (l) => {
    let value = cache.get(l);
    if (value === undefined) {
      value = make(l);
      cache.set(l, value);
    }
    return value;
  };
}

/** make(input), computed once per key (default: the input itself, for string inputs). */
function cached<I, T>(make: (input: I) => T, keyOf: (input: I) => string = String): (input: I) => T {
  const cache = new Map<string, T>();
  return (input) => {
    const key = keyOf(input);
    let value = cache.get(key);
    if (value === undefined) {
      value = make(input);
      cache.set(key, value);
    }
    return value;
  };
}
