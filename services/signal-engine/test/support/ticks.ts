// A deterministic two-symbol quote path with trends and mean-reverting swings, so both
// shipped strategies emit several signals.
import { createEvent, derivedEventId, type MarketDataEvent } from '@tickflow/events';

export function quotePath(symbol: string, count: number, phase: number): MarketDataEvent[] {
  let seed = 0x9e3779b9 ^ phase;
  const random = () => {
    seed = (seed * 1_664_525 + 1_013_904_223) >>> 0;
    return seed / 2 ** 32;
  };
  return Array.from({ length: count }, (_, n) => {
    const mid = 100 + 5 * Math.sin((n + phase) / 25) + 2 * Math.sin((n + phase) / 7) + (random() - 0.5);
    const bid = (Math.round(mid * 100) / 100 - 0.01).toFixed(2);
    const ask = (Math.round(mid * 100) / 100 + 0.01).toFixed(2);
    return createEvent({
      type: 'market_data',
      id: derivedEventId({ scope: 'test-quotes', cause: symbol, index: n }),
      ts_event: 1_582_329_600_000_000_000n + BigInt(n) * 1_000_000n,
      ts_init: 1_582_329_600_000_000_000n + BigInt(n) * 1_000_000n,
      data: {
        kind: 'quote',
        symbol,
        venue: 'test',
        bid_price: bid,
        bid_size: '1',
        ask_price: ask,
        ask_size: '1',
      },
    });
  });
}
