// The hops of one fill's chain (tick → signal → order → fill) on two clocks: event time, the
// difference of the events' ts_event (when each happened, as its producer stamped it), and
// append time, the difference of their stream entry ids' ms parts (when Redis appended each,
// on Redis' clock, to the ms). The order is the one the fill executes: the router derives
// the fill from the signal, the order is its sibling, so the hops still add up to tick→fill.

export const HOPS = ['tick_to_signal', 'signal_to_order', 'order_to_fill', 'tick_to_fill'] as const;
export type Hop = (typeof HOPS)[number];
export const CLOCKS = ['event_time', 'append_time'] as const;
export type Clock = (typeof CLOCKS)[number];

export interface EventTimes {
  /** ts_event, ns since the epoch. */
  readonly tsEventNs: bigint;
  /** The ms part of its stream entry id. */
  readonly appendMs: number;
}

export interface ChainTimes {
  /** Undefined when that event could not be found (see upstream-times.ts). */
  readonly tick: EventTimes | undefined;
  readonly signal: EventTimes | undefined;
  readonly order: EventTimes | undefined;
  readonly fill: EventTimes;
}

export type HopLatency =
  | { readonly hop: Hop; readonly seconds: Readonly<Record<Clock, number>> }
  /** `missing`: one end was not found; `negative`: a clock ran backwards (never observed as a latency). */
  | { readonly hop: Hop; readonly unmeasured: 'missing' | 'negative' };

const ENDS: Readonly<Record<Hop, readonly [keyof ChainTimes, keyof ChainTimes]>> = {
  tick_to_signal: ['tick', 'signal'],
  signal_to_order: ['signal', 'order'],
  order_to_fill: ['order', 'fill'],
  tick_to_fill: ['tick', 'fill'],
};

const NS_PER_SECOND = 1_000_000_000n;

/** Every hop of the chain: both clocks' seconds, or why it has none. */
export function hopLatencies(times: ChainTimes): HopLatency[] {
  return HOPS.map((hop): HopLatency => {
    const [fromName, toName] = ENDS[hop];
    const from = times[fromName];
    const to = times[toName];
    if (from === undefined || to === undefined) return { hop, unmeasured: 'missing' };
    const eventNs = to.tsEventNs - from.tsEventNs;
    const appendMs = to.appendMs - from.appendMs;
    if (eventNs < 0n || appendMs < 0) return { hop, unmeasured: 'negative' };
    // Whole seconds and the remainder apart: exact for any span, where Number(ns) / 1e9 would round large ones.
    const eventSeconds = Number(eventNs / NS_PER_SECOND) + Number(eventNs % NS_PER_SECOND) / 1e9;
    return { hop, seconds: { event_time: eventSeconds, append_time: appendMs / 1_000 } };
  });
}
