// The streams runtime's hooks land in the right series, with the right labels and values,
// including through the cached label-bound children the per-event hooks use.
import { describe, expect, it } from 'vitest';
import { createServiceMetrics } from '../src/metrics.ts';

const p0 = { stream: 'tf:{t:md:0}', group: 'g' };
const p1 = { stream: 'tf:{t:md:1}', group: 'g' };

describe('service metrics: the streams hooks', () => {
  it('counts per stream and group, and observes handler latency per handler', async () => {
    const { registry, streams } = createServiceMetrics('svc');
    streams.published('tf:{t:md:0}', 3);
    streams.published('tf:{t:md:0}', 2);
    streams.consumed(p0, 1);
    streams.consumed(p0, 1);
    streams.consumed(p1, 5);
    streams.handlerLatencyMs(p0, 'h', 2);
    streams.handlerLatencyMs(p0, 'h', 4);
    streams.handlerLatencyMs(p0, 'other', 1);
    streams.deadLettered(p0, 'permanent');
    streams.deadLettered(p0, 'permanent');
    streams.deadLettered(p0, 'undecodable');
    streams.consumerStatus('g', 'worker-crashed');
    const text = await registry.metrics();
    /** The value of the series `name` whose labels include `labels` (in any order). */
    const value = (name: string, labels: Record<string, string>) =>
      text
        .split('\n')
        .find(
          (l) =>
            l.startsWith(`${name}{`) &&
            Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)) &&
            (labels.handler !== undefined || !l.includes('handler=')),
        )
        ?.split(' ')
        .at(-1);
    expect(value('tickflow_events_published_total', { stream: p0.stream })).toBe('5');
    expect(value('tickflow_events_consumed_total', p0)).toBe('2');
    expect(value('tickflow_events_consumed_total', p1)).toBe('5');
    expect(value('tickflow_handler_duration_seconds_count', { ...p0, handler: 'h' })).toBe('2');
    expect(value('tickflow_handler_duration_seconds_sum', { ...p0, handler: 'h' })).toBe('0.006');
    expect(value('tickflow_handler_duration_seconds_count', { ...p0, handler: 'other' })).toBe('1');
    expect(value('tickflow_events_dead_lettered_total', { ...p0, kind: 'permanent' })).toBe('2');
    expect(value('tickflow_events_dead_lettered_total', { ...p0, kind: 'undecodable' })).toBe('1');
    expect(value('tickflow_consumer_status_total', { group: 'g', type: 'worker-crashed' })).toBe('1');
  });
});
