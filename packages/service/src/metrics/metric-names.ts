// The names every Tickflow service's /metrics exposes from the kit: the streams runtime's
// metrics and the build info (runtime-metrics.ts, build-info.ts) and the Node.js defaults
// that dashboards use. One list, so that a dashboard or alert rule on a name no service
// exposes fails a test (test/metrics-exposition.int.test.ts checks each is really served).

/** Histograms: each is exposed as `<name>_bucket`, `<name>_sum` and `<name>_count`. */
export const RUNTIME_HISTOGRAM_NAMES = ['tickflow_handler_duration_seconds'] as const;

export const TICKFLOW_RUNTIME_METRIC_NAMES = [
  'tickflow_events_published_total',
  'tickflow_events_consumed_total',
  'tickflow_events_acked_total',
  'tickflow_handler_retries_total',
  'tickflow_events_dead_lettered_total',
  ...RUNTIME_HISTOGRAM_NAMES,
  'tickflow_in_flight_entries',
  'tickflow_consumer_lag_entries',
  'tickflow_consumer_pending_entries',
  'tickflow_consumer_oldest_pending_age_seconds',
  'tickflow_partition_owned',
  'tickflow_lease_fencing_total',
  'tickflow_consumer_status_total',
  'tickflow_circuit_open',
  'tickflow_redis_connection_errors_total',
  'tickflow_redis_reconnects_total',
  'tickflow_redis_command_errors_total',
  'tickflow_build_info',
] as const;

/** prom-client's Node.js default metrics that dashboards use (CPU, memory, event loop, heap). */
export const NODE_DEFAULT_METRIC_NAMES = [
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'nodejs_eventloop_lag_seconds',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_heap_size_used_bytes',
] as const;

/** Every name of the Runtime section: in every consuming or publishing service's /metrics. */
export const RUNTIME_METRIC_NAMES = [...TICKFLOW_RUNTIME_METRIC_NAMES, ...NODE_DEFAULT_METRIC_NAMES] as const;
