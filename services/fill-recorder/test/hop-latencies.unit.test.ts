// The hops of a fill's chain on both clocks: each hop its two ends' difference (ts_event in
// ns, entry ids in ms, both to seconds); a hop with an end not found, or a clock that ran
// backwards, is unmeasured and says why — never a 0 or a negative latency.
import { describe, expect, it } from 'vitest';
import { type ChainTimes, hopLatencies } from '../src/hop-latencies.ts';

const T = 1_582_329_600_000_000_000n;
const MS = 1_000_000n;

const chain: ChainTimes = {
  tick: { tsEventNs: T, appendMs: 1_000 },
  signal: { tsEventNs: T + 2n * MS, appendMs: 1_003 },
  order: { tsEventNs: T + 2n * MS + 250n, appendMs: 1_010 },
  fill: { tsEventNs: T + 7n * MS, appendMs: 1_011 },
};

describe('hopLatencies', () => {
  it('gives each hop in seconds on both clocks; the hops add up to tick→fill', () => {
    expect(hopLatencies(chain)).toEqual([
      { hop: 'tick_to_signal', seconds: { event_time: 0.002, append_time: 0.003 } },
      { hop: 'signal_to_order', seconds: { event_time: 0.00000025, append_time: 0.007 } },
      { hop: 'order_to_fill', seconds: { event_time: 0.00499975, append_time: 0.001 } },
      { hop: 'tick_to_fill', seconds: { event_time: 0.007, append_time: 0.011 } },
    ]);
  });

  it('keeps a span of days exact to the ns (no rounding of the whole ns count)', () => {
    const days = 3n * 86_400n * 1_000_000_000n + 123_456_789n;
    const [, , , tickToFill] = hopLatencies({ ...chain, fill: { tsEventNs: T + days, appendMs: 1_011 } });
    expect(tickToFill).toEqual({
      hop: 'tick_to_fill',
      seconds: { event_time: 259_200.123456789, append_time: 0.011 },
    });
  });

  it('leaves the hops of an event not found unmeasured, and measures the others', () => {
    expect(hopLatencies({ ...chain, tick: undefined })).toEqual([
      { hop: 'tick_to_signal', unmeasured: 'missing' },
      { hop: 'signal_to_order', seconds: { event_time: 0.00000025, append_time: 0.007 } },
      { hop: 'order_to_fill', seconds: { event_time: 0.00499975, append_time: 0.001 } },
      { hop: 'tick_to_fill', unmeasured: 'missing' },
    ]);
    expect(
      hopLatencies({ ...chain, signal: undefined, order: undefined }).map((h) => 'unmeasured' in h),
    ).toEqual([true, true, true, false]);
  });

  it('never observes a clock that ran backwards (either clock): the hop is unmeasured as negative', () => {
    const appendBack = hopLatencies({ ...chain, signal: { tsEventNs: T + 2n * MS, appendMs: 999 } });
    expect(appendBack[0]).toEqual({ hop: 'tick_to_signal', unmeasured: 'negative' });
    const eventBack = hopLatencies({ ...chain, order: { tsEventNs: T + 8n * MS, appendMs: 1_010 } });
    expect(eventBack[2]).toEqual({ hop: 'order_to_fill', unmeasured: 'negative' });
    // Equal times are a latency of 0, not a backwards clock.
    const same = hopLatencies({ ...chain, signal: { tsEventNs: T, appendMs: 1_000 } });
    expect(same[0]).toEqual({ hop: 'tick_to_signal', seconds: { event_time: 0, append_time: 0 } });
  });
});
