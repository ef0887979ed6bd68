// A deterministic fill sequence over three symbols: buys and sells that open, add to,
// reduce, close and flip positions, with fractional quantities, prices and commissions.
import { createEvent, derivedEventId, type FillEvent } from '@tickflow/events';

export const T0 = 1_582_329_600_000_000_000n;
const MS = 1_000_000n;

/** `count` fills of one symbol (and one strategy, or none), 1 ms apart from T0 + phase ns. */
export function fillPath(symbol: string, count: number, phase: number, strategy?: string): FillEvent[] {
  let seed = 0x9e3779b9 ^ phase;
  const random = () => {
    seed = (seed * 1_664_525 + 1_013_904_223) >>> 0;
    return seed / 2 ** 32;
  };
  return Array.from({ length: count }, (_, n) => {
    const price = (100 + 10 * Math.sin((n + phase) / 20) + random()).toFixed(3);
    const quantity = (0.001 + Math.floor(random() * 5000) / 1000).toFixed(3);
    return fillEvent(symbol, strategy, n, phase, {
      side: random() < 0.5 ? 'buy' : 'sell',
      quantity,
      price,
      commission: (Number(quantity) * Number(price) * 0.0004).toFixed(8),
    });
  });
}

/** Another event (a new id) for the same execution, with different amounts it must not count. */
export function duplicateOf(fill: FillEvent, n: number): FillEvent {
  return createEvent({
    type: 'fill',
    id: derivedEventId({ scope: 'test-fill-duplicates', cause: fill.id, index: n }),
    ts_event: fill.ts_event,
    ts_init: fill.ts_init,
    data: { ...fill.data, quantity: '999', price: '1', commission: '5' },
  });
}

function fillEvent(
  symbol: string,
  strategy: string | undefined,
  n: number,
  phase: number,
  amounts: { side: 'buy' | 'sell'; quantity: string; price: string; commission: string },
): FillEvent {
  return createEvent({
    type: 'fill',
    id: derivedEventId({ scope: 'test-fills', cause: `${strategy}/${symbol}`, index: n }),
    ts_event: T0 + BigInt(n) * MS + BigInt(phase),
    ts_init: T0 + BigInt(n) * MS + BigInt(phase),
    data: {
      order_id: `order-${strategy ?? 'none'}-${symbol}-${Math.floor(n / 3)}`,
      execution_id: `exec-${strategy ?? 'none'}-${symbol}-${n}`,
      symbol,
      ...amounts,
      commission_asset: 'USDT',
      liquidity: n % 2 === 0 ? 'maker' : 'taker',
      venue: 'paper',
      ...(strategy === undefined ? {} : { strategy_id: strategy }),
    },
  });
}
