// The metric contract of issue #16 (names, labels, which service exposes what), as the e2e
// test checks it through Prometheus. `series`: samples must exist once the pipeline runs
// (counters that alerts take increase() of start at zero, so they have samples before the
// first event); `declared`: the family must be exposed (# TYPE), its samples appear only
// when it happens (a retry, a circuit changing state, a dead letter waiting).
import type { ObservedService } from './prometheus-pipeline.ts';

export interface ContractMetric {
  /** The family name, as in `# TYPE` (histograms without `_bucket`). */
  readonly name: string;
  readonly kind: 'series' | 'declared';
  /** Labels every series must carry, non-empty. */
  readonly labels: readonly string[];
  readonly services: readonly ObservedService[];
  readonly histogram?: boolean;
}

const ALL: readonly ObservedService[] = [
  'market-data-ingest',
  'signal-engine',
  'order-router',
  'fill-recorder',
  'replay-service',
];
const PUBLISHERS: readonly ObservedService[] = ['market-data-ingest', 'signal-engine', 'order-router'];
const CONSUMERS: readonly ObservedService[] = ['signal-engine', 'order-router', 'fill-recorder'];
const PARTITION = ['type', 'partition'] as const;
const GROUP_PARTITION = ['type', 'partition', 'group'] as const;

export const CONTRACT: readonly ContractMetric[] = [
  {
    name: 'tickflow_build_info',
    kind: 'series',
    labels: ['version', 'revision', 'node_version'],
    services: ALL,
  },
  { name: 'process_cpu_seconds_total', kind: 'series', labels: [], services: ALL },
  { name: 'process_resident_memory_bytes', kind: 'series', labels: [], services: ALL },
  { name: 'nodejs_heap_size_used_bytes', kind: 'series', labels: [], services: ALL },
  { name: 'tickflow_events_published_total', kind: 'series', labels: PARTITION, services: PUBLISHERS },
  { name: 'tickflow_events_consumed_total', kind: 'series', labels: GROUP_PARTITION, services: CONSUMERS },
  { name: 'tickflow_events_acked_total', kind: 'series', labels: GROUP_PARTITION, services: CONSUMERS },
  {
    name: 'tickflow_handler_duration_seconds',
    kind: 'series',
    labels: ['type', 'group', 'handler'],
    services: CONSUMERS,
    histogram: true,
  },
  { name: 'tickflow_in_flight_entries', kind: 'series', labels: ['group'], services: CONSUMERS },
  { name: 'tickflow_consumer_lag_entries', kind: 'series', labels: GROUP_PARTITION, services: CONSUMERS },
  { name: 'tickflow_consumer_pending_entries', kind: 'series', labels: GROUP_PARTITION, services: CONSUMERS },
  { name: 'tickflow_partition_owned', kind: 'series', labels: GROUP_PARTITION, services: CONSUMERS },
  { name: 'tickflow_consumer_status_total', kind: 'series', labels: ['group', 'type'], services: CONSUMERS },
  {
    name: 'tickflow_handler_retries_total',
    kind: 'declared',
    labels: [...GROUP_PARTITION, 'handler'],
    services: CONSUMERS,
  },
  {
    name: 'tickflow_events_dead_lettered_total',
    kind: 'series',
    labels: [...GROUP_PARTITION, 'kind'],
    services: CONSUMERS,
  },
  {
    name: 'tickflow_consumer_oldest_pending_age_seconds',
    kind: 'series',
    labels: GROUP_PARTITION,
    services: CONSUMERS,
  },
  {
    name: 'tickflow_lease_fencing_total',
    kind: 'series',
    labels: ['group', 'outcome'],
    services: CONSUMERS,
  },
  { name: 'tickflow_circuit_open', kind: 'declared', labels: ['group', 'handler'], services: CONSUMERS },
  { name: 'tickflow_redis_connection_errors_total', kind: 'series', labels: ['role'], services: ALL },
  { name: 'tickflow_redis_reconnects_total', kind: 'series', labels: ['role'], services: ALL },
  { name: 'tickflow_redis_command_errors_total', kind: 'series', labels: ['role'], services: ALL },
  {
    name: 'tickflow_pipeline_latency_seconds',
    kind: 'series',
    labels: ['hop', 'clock'],
    services: ['fill-recorder'],
    histogram: true,
  },
  { name: 'tickflow_stream_length_entries', kind: 'series', labels: PARTITION, services: ['replay-service'] },
  {
    name: 'tickflow_group_lag_entries',
    kind: 'series',
    labels: GROUP_PARTITION,
    services: ['replay-service'],
  },
  {
    name: 'tickflow_group_pending_entries',
    kind: 'series',
    labels: GROUP_PARTITION,
    services: ['replay-service'],
  },
  {
    name: 'tickflow_group_oldest_pending_age_seconds',
    kind: 'series',
    labels: GROUP_PARTITION,
    services: ['replay-service'],
  },
  {
    name: 'tickflow_dead_letter_entries',
    kind: 'declared',
    labels: ['type', 'kind'],
    services: ['replay-service'],
  },
];

/** The consumer groups of the pipeline, which the observer must report on. */
export const GROUPS = ['signal-engine', 'order-router', 'fill-recorder'] as const;
/** Hops and clocks of fill-recorder's latency histogram. */
export const HOPS = ['tick_to_signal', 'signal_to_order', 'order_to_fill', 'tick_to_fill'] as const;
export const CLOCKS = ['event_time', 'append_time'] as const;
