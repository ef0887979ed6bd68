// A long EURUSD signal carrying an unsized quote (prices only, as FX tick files have them).
import { createEvent, derivedEventId, type SignalEvent } from '@tickflow/events';

const T0 = 1_357_077_600_000_000_000n;

export function unsizedSignal(n = 0): SignalEvent {
  return createEvent({
    type: 'signal',
    id: derivedEventId({ scope: 'unsized-test', cause: 'EURUSD', index: n }),
    ts_event: T0 + BigInt(n),
    ts_init: T0 + BigInt(n),
    data: {
      symbol: 'EURUSD',
      signal: 'long',
      strength: '1',
      strategy_id: 'fx',
      reason: 'test',
      quote: { bid_price: '1.32014', ask_price: '1.32029' },
    },
  });
}
