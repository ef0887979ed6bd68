// publish.lua gets each event's field names only when they differ from the event before's
// (its layouts): whatever the mix of optional fields in a call, every entry must be exactly
// the event's encodeEvent field list, names and values in order.
import { type AnyEvent, createEvent, deriveEvent, encodeEvent } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { createPublisher, noopMetrics } from '../src/index.ts';
import { redisForThisFile } from './support/redis-per-file.ts';
import { tick } from './support/ticks.ts';

const file = redisForThisFile();
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** The n-th event of a run that changes its optional fields in an irregular pattern. */
function eventOf(n: number): AnyEvent {
  const base = tick('LAY', n);
  switch ([0, 0, 1, 2, 2, 2, 3, 0, 1, 3, 3][n % 11]) {
    case 1:
      return deriveEvent(base, { type: 'market_data', scope: 'layouts', data: base.data });
    case 2:
      return createEvent({
        type: 'market_data',
        ts_event: base.ts_event,
        data: base.data,
        traceparent: TRACEPARENT,
      });
    case 3:
      return createEvent({
        type: 'market_data',
        ts_event: base.ts_event,
        data: base.data,
        traceparent: TRACEPARENT,
        tracestate: 'vendor=1',
      });
    default:
      return base;
  }
}

describe('publish layouts', () => {
  it('given one call of events whose optional fields change from one to the next, then each entry is its encodeEvent field list', async () => {
    const publisher = createPublisher(file.redis, { namespace: 'pl', partitions: 1, metrics: noopMetrics });
    const events = Array.from({ length: 450 }, (_, n) => eventOf(n));

    const results = await publisher.publishAll(events);

    expect(results.every((result) => !result.duplicate)).toBe(true);
    const stored = await file.redis.xrange(publisher.streamOf(events[0] as AnyEvent), '-', '+');
    expect(stored.map(([, fields]) => fields)).toEqual(events.map((event) => encodeEvent(event)));
  });
});
