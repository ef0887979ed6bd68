// The streams runtime's hooks land in the right series, with the right labels (type and
// partition, never a stream key), units and values, including through the cached
// label-bound children the per-event hooks use.
import { partitionKeys } from '@tickflow/events';
import { partitionLabels, streamLabels } from '@tickflow/streams';
import { parseSamples, seriesValue } from '@tickflow/testkit/metrics';
import { describe, expect, it } from 'vitest';
import { HANDLER_DURATION_BUCKETS } from '../src/metrics/runtime-metrics.ts';
import { createServiceMetrics } from '../src/metrics.ts';

const md0 = partitionKeys('t', 'market_data', 0);
const md1 = partitionKeys('t', 'market_data', 1);
const p0 = partitionLabels(md0, 'g');
const p1 = partitionLabels(md1, 'g');
const l0 = { type: 'market_data', partition: '0', group: 'g' };
const l1 = { type: 'market_data', partition: '1', group: 'g' };

/** A series' value in the registry's text by exactly these labels (and `service`): an extra label fails. */
const exactValue = (text: string, name: string, labels: Readonly<Record<string, string>>) =>
  seriesValue(parseSamples(text), name, labels, { exact: true });

describe('service metrics: the streams hooks', () => {
  it('count per type, partition and group, and observe handler durations in seconds per type, group and handler', async () => {
    const { registry, streams } = createServiceMetrics('svc');
    streams.published(streamLabels(md0), 3);
    streams.published(streamLabels(md0), 2);
    streams.consumed(p0, 1);
    streams.consumed(p0, 1);
    streams.consumed(p1, 5);
    streams.acked(p1, 4);
    streams.retried(p0, 'h');
    streams.handlerLatencyMs(p0, 'h', 2);
    streams.handlerLatencyMs(p1, 'h', 4);
    streams.handlerLatencyMs(p0, 'other', 1);
    streams.deadLettered(p0, 'permanent');
    streams.deadLettered(p0, 'permanent');
    streams.deadLettered(p0, 'undecodable');
    streams.consumerStatus('g', 'worker-crashed');
    const text = await registry.metrics();
    expect(exactValue(text, 'tickflow_events_published_total', { type: 'market_data', partition: '0' })).toBe(
      5,
    );
    expect(exactValue(text, 'tickflow_events_consumed_total', l0)).toBe(2);
    expect(exactValue(text, 'tickflow_events_consumed_total', l1)).toBe(5);
    expect(exactValue(text, 'tickflow_events_acked_total', l1)).toBe(4);
    expect(exactValue(text, 'tickflow_handler_retries_total', { ...l0, handler: 'h' })).toBe(1);
    // Durations are per type, group and handler: both partitions' calls of `h` in one series.
    const h = { type: 'market_data', group: 'g', handler: 'h' };
    expect(exactValue(text, 'tickflow_handler_duration_seconds_count', h)).toBe(2);
    expect(exactValue(text, 'tickflow_handler_duration_seconds_sum', h)).toBe(0.006);
    expect(exactValue(text, 'tickflow_handler_duration_seconds_bucket', { ...h, le: '0.0025' })).toBe(1);
    expect(exactValue(text, 'tickflow_handler_duration_seconds_count', { ...h, handler: 'other' })).toBe(1);
    expect(exactValue(text, 'tickflow_events_dead_lettered_total', { ...l0, kind: 'permanent' })).toBe(2);
    expect(exactValue(text, 'tickflow_events_dead_lettered_total', { ...l0, kind: 'undecodable' })).toBe(1);
    expect(exactValue(text, 'tickflow_consumer_status_total', { group: 'g', type: 'worker-crashed' })).toBe(
      1,
    );
    // No series carries the stream key any more.
    expect(parseSamples(text).filter((sample) => 'stream' in sample.labels)).toEqual([]);
  });

  it('bucket handler durations at the agreed boundaries, 0.1 s and 0.25 s (the alert thresholds) among them', async () => {
    const { registry, streams } = createServiceMetrics('svc');
    streams.handlerLatencyMs(p0, 'h', 1);
    const les = parseSamples(await registry.metrics())
      .filter((sample) => sample.name === 'tickflow_handler_duration_seconds_bucket')
      .map((sample) => sample.labels.le);
    expect(les).toEqual([...HANDLER_DURATION_BUCKETS.map(String), '+Inf']);
    expect(HANDLER_DURATION_BUCKETS).toEqual([
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
    ]);
  });

  it('report the backlog: lag, pending and the oldest pending age in seconds; lag and age absent when unknown', async () => {
    const { registry, streams } = createServiceMetrics('svc');
    streams.backlog(p0, 40, 10, 2_500);
    let text = await registry.metrics();
    expect(exactValue(text, 'tickflow_consumer_lag_entries', l0)).toBe(40);
    expect(exactValue(text, 'tickflow_consumer_pending_entries', l0)).toBe(10);
    expect(exactValue(text, 'tickflow_consumer_oldest_pending_age_seconds', l0)).toBe(2.5);
    streams.backlog(p0, undefined, 3, undefined);
    text = await registry.metrics();
    expect(exactValue(text, 'tickflow_consumer_lag_entries', l0)).toBeUndefined();
    expect(exactValue(text, 'tickflow_consumer_pending_entries', l0)).toBe(3);
    expect(exactValue(text, 'tickflow_consumer_oldest_pending_age_seconds', l0)).toBeUndefined();
  });

  it('on a lease won, show it owned and start its counters at zero; on a lease gone, drop its backlog gauges', async () => {
    const { registry, streams } = createServiceMetrics('svc');
    streams.leaseChanged(p0, true);
    let text = await registry.metrics();
    expect(exactValue(text, 'tickflow_partition_owned', l0)).toBe(1);
    expect(exactValue(text, 'tickflow_events_consumed_total', l0)).toBe(0);
    expect(exactValue(text, 'tickflow_events_acked_total', l0)).toBe(0);
    for (const kind of ['undecodable', 'invalid', 'failed', 'permanent', 'trimmed'])
      expect(exactValue(text, 'tickflow_events_dead_lettered_total', { ...l0, kind })).toBe(0);
    expect(exactValue(text, 'tickflow_lease_fencing_total', { group: 'g', outcome: 'refused' })).toBe(0);
    streams.backlog(p0, 1, 2, 3_000);
    streams.leaseChanged(p0, false);
    text = await registry.metrics();
    expect(exactValue(text, 'tickflow_partition_owned', l0)).toBe(0);
    expect(exactValue(text, 'tickflow_consumer_lag_entries', l0)).toBeUndefined();
    expect(exactValue(text, 'tickflow_consumer_pending_entries', l0)).toBeUndefined();
    expect(exactValue(text, 'tickflow_consumer_oldest_pending_age_seconds', l0)).toBeUndefined();
  });

  it('count refused fenced writes per group, Redis reconnects and command errors per role (every role from zero)', async () => {
    const { registry, streams } = createServiceMetrics('svc');
    let text = await registry.metrics();
    for (const role of ['commands', 'blocking', 'bulk']) {
      expect(exactValue(text, 'tickflow_redis_reconnects_total', { role })).toBe(0);
      expect(exactValue(text, 'tickflow_redis_command_errors_total', { role })).toBe(0);
      expect(exactValue(text, 'tickflow_redis_connection_errors_total', { role })).toBe(0);
    }
    streams.fenced(p0);
    streams.fenced(p1);
    streams.reconnecting('blocking');
    streams.reconnecting('blocking');
    streams.commandError('commands', new Error('WRONGTYPE'));
    streams.connectionError('commands', new Error('ECONNREFUSED'));
    streams.circuitChanged('g', 'h', 'half-open');
    text = await registry.metrics();
    expect(exactValue(text, 'tickflow_lease_fencing_total', { group: 'g', outcome: 'refused' })).toBe(2);
    expect(exactValue(text, 'tickflow_redis_reconnects_total', { role: 'blocking' })).toBe(2);
    expect(exactValue(text, 'tickflow_redis_reconnects_total', { role: 'commands' })).toBe(0);
    expect(exactValue(text, 'tickflow_redis_command_errors_total', { role: 'commands' })).toBe(1);
    expect(exactValue(text, 'tickflow_redis_connection_errors_total', { role: 'commands' })).toBe(1);
    expect(exactValue(text, 'tickflow_circuit_open', { group: 'g', handler: 'h' })).toBe(0.5);
  });
});
