// The README's example, verbatim, so the documentation cannot rot.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineStrategy, Ema, formatForReason, midPrice } from '../src/index.ts';
import { quotesAtMids } from './support/market-data.ts';

// --- README example: start ---
export const emaMomentum = defineStrategy({
  name: 'ema-momentum',
  params: z.strictObject({
    period: z.int().min(1).default(20),
    /** How far above/below the EMA the mid must be, in basis points. */
    thresholdBps: z.number().positive().default(5),
    /** Quiet time after a signal, in event-time nanoseconds. */
    cooldownNs: z.bigint().nonnegative().default(1_000_000_000n),
  }),
  initialState: (params) => ({
    ema: new Ema(params.period),
    position: 'flat' as 'long' | 'short' | 'flat',
    lastSignalAtNs: undefined as bigint | undefined,
  }),
  onMarketData(ctx, event) {
    if (event.data.kind !== 'quote') return;
    const mid = midPrice(event.data);
    if (mid === undefined) return;
    const { params, state } = ctx;
    const ema = state.ema.update(mid);
    if (ema === undefined) return;
    const now = ctx.clock.now(); // the event's time, never the wall clock
    if (state.lastSignalAtNs !== undefined && now - state.lastSignalAtNs < params.cooldownNs) return;
    const band = (ema * params.thresholdBps) / 10_000;
    const next = mid > ema + band ? 'long' : mid < ema - band ? 'short' : state.position;
    if (next === state.position) return;
    state.position = next;
    state.lastSignalAtNs = now;
    ctx.emit({
      signal: next,
      strength: '1',
      reason: `mid ${formatForReason(mid)} vs EMA(${params.period}) ${formatForReason(ema)}`,
    });
  },
});
// --- README example: end ---

describe('the README example', () => {
  it('given a rise then a fall, then it goes long then short, and its state survives a snapshot', () => {
    const strategy = emaMomentum.create({ period: 2, cooldownNs: 0n });
    const events = quotesAtMids([100, 100, 110, 90]);
    const signals = events.slice(0, 3).flatMap((event) => strategy.handle(event));
    expect(signals.map((signal) => signal.signal)).toEqual(['long']);
    const restored = emaMomentum.create({ period: 2, cooldownNs: 0n });
    restored.restore(JSON.parse(JSON.stringify(strategy.snapshot())));
    expect(restored.handle(events[3] as (typeof events)[number]).map((signal) => signal.signal)).toEqual([
      'short',
    ]);
  });
});
