// Mean reversion on the mid price's z-score over a rolling window: a mid stretched
// `entryZ` stds above its mean is expected to fall back ('short'), one as far below to
// rise ('long'); once it is back within `exitZ` of the mean the position is closed
// ('flat'). It signals only when that intent changes.
import { z } from 'zod';
import { ZScore } from '../indicators/z-score.ts';
import { midPrice } from '../market/mid-price.ts';
import { defineStrategy } from '../sdk/define-strategy.ts';
import { formatFixed, formatForReason, formatStrength } from '../sdk/format.ts';
import type { SignalIntent } from '../sdk/types.ts';

/** Params of mean-reversion: window 50 quotes, entryZ 2, exitZ 0.5 by default; exitZ < entryZ. */
export const meanReversionParams = z
  .strictObject({
    window: z
      .int({ error: 'expected a whole number of quotes' })
      .min(2, { error: 'expected at least 2 (a std needs two values)' })
      .max(100_000, { error: 'expected at most 100000' })
      .default(50),
    entryZ: z.number({ error: 'expected a number' }).positive({ error: 'expected above 0' }).default(2),
    exitZ: z.number({ error: 'expected a number' }).min(0, { error: 'expected 0 or more' }).default(0.5),
  })
  .superRefine((params, ctx) => {
    if (params.exitZ >= params.entryZ) {
      ctx.addIssue({
        code: 'custom',
        path: ['exitZ'],
        message: `must be less than entryZ (${params.entryZ}), got ${params.exitZ}`,
      });
    }
  });

export type MeanReversionParams = z.output<typeof meanReversionParams>;

export interface MeanReversionState {
  readonly zScore: ZScore;
  /** The last intent signalled; 'flat' before the first. */
  intent: SignalIntent['signal'];
}

/** The mean-reversion strategy on quote mid prices; strength min(1, |z| / (2·entryZ)). */
export const meanReversion = defineStrategy({
  name: 'mean-reversion',
  params: meanReversionParams,
  initialState: (params): MeanReversionState => ({ zScore: new ZScore(params.window), intent: 'flat' }),
  onMarketData(ctx, event) {
    if (event.data.kind !== 'quote') return;
    const mid = midPrice(event.data);
    if (mid === undefined) return;
    const { params, state } = ctx;
    const z = state.zScore.update(mid);
    if (z === undefined) return;
    const next = intentFor(z, state.intent, params);
    if (next === state.intent) return;
    state.intent = next;
    ctx.emit({
      signal: next,
      strength: formatStrength(Math.abs(z) / (2 * params.entryZ)),
      reason: reasonFor(next, z, mid, state.zScore, params),
    });
  },
});

function intentFor(
  z: number,
  current: SignalIntent['signal'],
  params: MeanReversionParams,
): SignalIntent['signal'] {
  if (z >= params.entryZ) return 'short';
  if (z <= -params.entryZ) return 'long';
  if (Math.abs(z) <= params.exitZ) return 'flat';
  return current;
}

function reasonFor(
  intent: SignalIntent['signal'],
  z: number,
  mid: number,
  zScore: ZScore,
  params: MeanReversionParams,
): string {
  const where = `mid ${formatForReason(mid)} vs mean ${formatForReason(zScore.mean)} over ${zScore.period} quotes`;
  const zText = `z=${formatFixed(z, 3)}`;
  if (intent === 'short') return `${zText} >= entryZ ${params.entryZ}: ${where}`;
  if (intent === 'long') return `${zText} <= -entryZ ${params.entryZ}: ${where}`;
  return `${zText} within exitZ ${params.exitZ}: ${where}`;
}
