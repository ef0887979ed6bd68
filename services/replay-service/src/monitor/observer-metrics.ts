// The observer's gauges on replay-service's /metrics: stream lengths, each consumer group's
// lag, pending and oldest-pending age per partition, and dead letters per type and kind,
// read from Redis at scrape time — so a lag alert fires while a consumer is down and its own
// /metrics is gone. Bounded: only the types × partitions of the service's namespace. One
// collect at a time: the gauges of one scrape (and overlapping scrapes) share it. A failed
// collect leaves the last values in place and counts the failure: /metrics still answers.
import type { Logger } from '@tickflow/service';
import type { RedisClient } from '@tickflow/streams';
import { Counter, Gauge, type Registry } from 'prom-client';
import { createDeadLetterKinds } from './dead-letter-kinds.ts';
import { readNamespaceStats, type StatsScope } from './group-stats.ts';

export interface ObserverMetricsOptions {
  readonly redis: RedisClient;
  readonly scope: StatsScope;
  readonly registry: Registry;
  readonly logger: Logger;
}

export function registerObserverMetrics({ redis, scope, registry, logger }: ObserverMetricsOptions): void {
  const partition = ['type', 'partition'] as const;
  const perGroup = ['type', 'partition', 'group'] as const;
  // Each gauge's collect runs at scrape time; they all wait for the same shared collect.
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry], collect: () => collectOnce() });

  const streamLength = gauge(
    'tickflow_stream_length_entries',
    'Entries in the partition stream (XLEN).',
    partition,
  );
  const lag = gauge(
    'tickflow_group_lag_entries',
    'Entries not yet delivered to the group (XINFO GROUPS lag); absent while Redis cannot tell.',
    perGroup,
  );
  const pending = gauge(
    'tickflow_group_pending_entries',
    'Entries delivered to the group and not acked.',
    perGroup,
  );
  const oldestPending = gauge(
    'tickflow_group_oldest_pending_age_seconds',
    'Since the group’s oldest pending entry was appended (Redis’ clock); 0 when nothing is pending.',
    perGroup,
  );
  const deadLetters = gauge(
    'tickflow_dead_letter_entries',
    'Entries in the dead-letter streams, by the type of the dead-lettered event and kind.',
    ['type', 'kind'],
  );
  const errors = new Counter({
    name: 'tickflow_observer_collect_errors_total',
    help: 'Scrape-time reads of Redis that failed; the observer gauges keep their last values.',
    registers: [registry],
    // Read after this scrape's collect, so a failure shows in the scrape it happened in.
    collect: () => collectOnce(),
  });
  const deadLetterKinds = createDeadLetterKinds(redis, scope);

  const collect = async (): Promise<void> => {
    const [stats, kinds] = await Promise.all([readNamespaceStats(redis, scope), deadLetterKinds.read()]);
    // Reset, then set: a group deleted, or whose lag became unknown, loses its series.
    for (const metric of [streamLength, lag, pending, oldestPending, deadLetters]) metric.reset();
    for (const stream of stats.streams)
      streamLength.set({ type: stream.type, partition: String(stream.partition) }, stream.length);
    for (const group of stats.groups) {
      const labels = { type: group.type, partition: String(group.partition), group: group.group };
      if (group.lag !== undefined) lag.set(labels, group.lag);
      pending.set(labels, group.pending);
      oldestPending.set(labels, group.oldestPendingAgeMs / 1_000);
    }
    for (const [type, byKind] of Object.entries(kinds))
      for (const [kind, count] of Object.entries(byKind)) deadLetters.set({ type, kind }, count);
  };

  let running: Promise<void> | undefined;
  function collectOnce(): Promise<void> {
    running ??= collect()
      .catch((error: unknown) => {
        errors.inc();
        logger.warn({ err: error }, 'observer metrics: reading Redis failed; keeping the last values');
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }
}
