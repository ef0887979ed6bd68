// The one list of indicator kinds: how the state codec recognises an indicator inside a
// strategy's state and rebuilds it from its snapshot. A new indicator is added here.
import { Ema } from './ema.ts';
import type { Indicator } from './indicator.ts';
import { RollingStd } from './rolling-std.ts';
import { Sma } from './sma.ts';
import { Vwap } from './vwap.ts';
import { ZScore } from './z-score.ts';

const RESTORERS: Readonly<Record<string, (snapshot: unknown) => Indicator>> = {
  sma: Sma.fromJSON,
  ema: Ema.fromJSON,
  'rolling-std': RollingStd.fromJSON,
  'z-score': ZScore.fromJSON,
  vwap: Vwap.fromJSON,
};

/** True for an instance of one of the SDK's indicators. */
export function isIndicator(value: unknown): value is Indicator {
  return (
    value instanceof Sma ||
    value instanceof Ema ||
    value instanceof RollingStd ||
    value instanceof ZScore ||
    value instanceof Vwap
  );
}

/** Rebuilds any SDK indicator from its `toJSON()` output; throws RangeError for anything else. */
export function restoreIndicator(snapshot: unknown): Indicator {
  const kind =
    typeof snapshot === 'object' && snapshot !== null && 'kind' in snapshot ? snapshot.kind : undefined;
  const restore = typeof kind === 'string' && Object.hasOwn(RESTORERS, kind) ? RESTORERS[kind] : undefined;
  if (restore === undefined) {
    throw new RangeError(`not an indicator snapshot: unknown kind ${JSON.stringify(kind) ?? 'undefined'}`);
  }
  return restore(snapshot);
}
