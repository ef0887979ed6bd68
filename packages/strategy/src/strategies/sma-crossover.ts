// SMA crossover: trend following on the mid price. 'long' when the fast SMA crosses above
// the slow one, 'short' when it crosses below; nothing on the ticks in between, so each
// signal marks a change of trend rather than restating it.
import { z } from 'zod';
import { Sma } from '../indicators/sma.ts';
import { midPrice } from '../market/mid-price.ts';
import { defineStrategy } from '../sdk/define-strategy.ts';
import { formatForReason } from '../sdk/format.ts';

const period = (fallback: number) =>
  z
    .int({ error: 'expected a whole number of quotes' })
    .min(1, { error: 'expected at least 1' })
    .max(100_000, { error: 'expected at most 100000' })
    .default(fallback);

/** Params of sma-crossover: periods in quotes, fast 10 and slow 30 by default; slow > fast. */
export const smaCrossoverParams = z
  .strictObject({ fastPeriod: period(10), slowPeriod: period(30) })
  .superRefine((params, ctx) => {
    if (params.slowPeriod <= params.fastPeriod) {
      ctx.addIssue({
        code: 'custom',
        path: ['slowPeriod'],
        message: `must be greater than fastPeriod (${params.fastPeriod}), got ${params.slowPeriod}`,
      });
    }
  });

export type SmaCrossoverParams = z.output<typeof smaCrossoverParams>;

/** Which side of the slow SMA the fast one was on last; undefined until both are ready and apart. */
type Side = 'above' | 'below';

export interface SmaCrossoverState {
  readonly fast: Sma;
  readonly slow: Sma;
  side: Side | undefined;
}

/** The SMA crossover strategy on quote mid prices; signals with strength "1". */
export const smaCrossover = defineStrategy({
  name: 'sma-crossover',
  params: smaCrossoverParams,
  initialState: (params): SmaCrossoverState => ({
    fast: new Sma(params.fastPeriod),
    slow: new Sma(params.slowPeriod),
    side: undefined,
  }),
  onMarketData(ctx, event) {
    if (event.data.kind !== 'quote') return;
    const mid = midPrice(event.data);
    if (mid === undefined) return;
    const { state } = ctx;
    const fast = state.fast.update(mid);
    const slow = state.slow.update(mid);
    // Equal SMAs are not a side: a touch that turns back is no cross, and
    // below → equal → above is one cross, signalled when it lands above.
    if (fast === undefined || slow === undefined || fast === slow) return;
    const side: Side = fast > slow ? 'above' : 'below';
    const previous = state.side;
    state.side = side;
    // The first side seen is where the trend stands, not a change of it.
    if (previous === undefined || previous === side) return;
    ctx.emit({
      signal: side === 'above' ? 'long' : 'short',
      strength: '1',
      reason:
        `fast SMA(${state.fast.period})=${formatForReason(fast)} crossed ${side} ` +
        `slow SMA(${state.slow.period})=${formatForReason(slow)}`,
    });
  },
});
