// Signals for the tests: one built by hand, and a deterministic two-symbol path of long /
// short / flat signals with quotes — mostly tight with ample size, some thin (partial fills),
// some wide (price-band rejections); full flips exceed the max order quantity.
import { createEvent, derivedEventId, type SignalEvent } from '@tickflow/events';

export const T0 = 1_582_329_600_000_000_000n;
export const MS = 1_000_000n;

export interface SignalSpec {
  readonly symbol: string;
  readonly signal: 'long' | 'short' | 'flat';
  readonly strength: string;
  readonly bid: string;
  readonly ask: string;
  readonly size?: string;
  readonly n: number;
}

export function signalEvent(spec: SignalSpec, scope = 'test-signals'): SignalEvent {
  const ts = T0 + BigInt(spec.n) * 100n * MS;
  return createEvent({
    type: 'signal',
    id: derivedEventId({ scope, cause: spec.symbol, index: spec.n }),
    ts_event: ts,
    ts_init: ts,
    data: {
      symbol: spec.symbol,
      signal: spec.signal,
      strength: spec.strength,
      strategy_id: 'test-strategy',
      reason: `test signal ${spec.n}`,
      quote: {
        bid_price: spec.bid,
        bid_size: spec.size ?? '100',
        ask_price: spec.ask,
        ask_size: spec.size ?? '100',
      },
    },
  });
}

const STRENGTHS = ['0.25', '0.5', '0.75', '1'];

export function signalPath(
  symbol: string,
  count: number,
  phase: number,
  scope = 'test-signals',
): SignalEvent[] {
  let seed = 0x9e3779b9 ^ phase;
  const random = () => {
    seed = (seed * 1_664_525 + 1_013_904_223) >>> 0;
    return seed / 2 ** 32;
  };
  return Array.from({ length: count }, (_, n) => {
    const mid = 100 + 5 * Math.sin((n + phase) / 15) + (random() - 0.5);
    const r = random();
    const half = r < 0.08 ? 1 : 0.01; // 8 %: a 200-cent spread, outside a 50 bps band
    const pick = random();
    return signalEvent(
      {
        symbol,
        signal: pick < 0.42 ? 'long' : pick < 0.84 ? 'short' : 'flat',
        strength: STRENGTHS[Math.floor(random() * STRENGTHS.length)] ?? '1',
        bid: (Math.round(mid * 100) / 100 - half).toFixed(2),
        ask: (Math.round(mid * 100) / 100 + half).toFixed(2),
        size: r > 0.85 ? '1.5' : '100', // 15 %: thin, partial fills
        n,
      },
      scope,
    );
  });
}
