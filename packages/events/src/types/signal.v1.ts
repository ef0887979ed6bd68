// Signal v1: `direction` and `strategy`, no strength (every v1 signal was all-in).
import { z } from 'zod';
import { expected, identifier, shortText, symbol } from '../primitives.ts';
import type { SignalV2 } from './signal.v2.ts';

export const signalV1 = z.strictObject({
  symbol,
  direction: z.enum(['long', 'short', 'flat'], { error: expected('"long", "short" or "flat"') }),
  strategy: identifier,
  reason: shortText.optional(),
});

export function upcastSignalV1(old: z.infer<typeof signalV1>): SignalV2 {
  return {
    symbol: old.symbol,
    signal: old.direction,
    strength: '1',
    strategy_id: old.strategy,
    reason: old.reason ?? '',
  };
}
