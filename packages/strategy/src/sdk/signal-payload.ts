// Turns what a strategy emits into a Signal payload, validated against the events package's
// schema, so a bad emit fails inside the strategy's own handle with its name, not later in
// whatever publishes it.
import { EVENT_SPECS, type Signal } from '@tickflow/events';
import { InvalidSignalError } from '../errors.ts';
import type { SnapshotQuote } from './snapshot.ts';
import type { SignalIntent } from './types.ts';

export interface SignalOrigin {
  readonly symbol: string;
  readonly strategyId: string;
  /** The symbol's latest quote, which the signal carries; undefined before the first. */
  readonly quote: SnapshotQuote | undefined;
}

/** The Signal payload for `intent`; throws InvalidSignalError naming each bad field. */
export function signalPayload(strategy: string, origin: SignalOrigin, intent: SignalIntent): Signal {
  const candidate = {
    symbol: origin.symbol,
    signal: intent.signal,
    strength: intent.strength,
    strategy_id: origin.strategyId,
    reason: intent.reason,
    // A copy: the payload must not change when the next quote arrives.
    ...(origin.quote === undefined ? {} : { quote: { ...origin.quote } }),
  };
  const parsed = EVENT_SPECS.signal.schema.safeParse(candidate);
  if (!parsed.success) {
    throw new InvalidSignalError(
      strategy,
      parsed.error.issues.map(
        (issue) => `${issue.path.map(String).join('.') || '(signal)'}: ${issue.message}`,
      ),
    );
  }
  return parsed.data;
}
