// Test events: trades numbered per symbol, so a handler can check order and duplicates.
import { createEvent, derivedEventId, type MarketDataEvent } from '@tickflow/events';

export function symbolName(index: number): string {
  return `SYM${String(index).padStart(3, '0')}`;
}

/** The `seq`-th trade of `symbol`, with an id derived from both (so re-publishing it is a duplicate). */
export function tick(symbol: string, seq: number): MarketDataEvent {
  return createEvent({
    type: 'market_data',
    id: derivedEventId({ scope: 'test-ticks', cause: symbol, index: seq }),
    ts_event: BigInt(seq) * 1_000n,
    ts_init: BigInt(seq) * 1_000n,
    data: {
      kind: 'trade',
      symbol,
      venue: 'test',
      price: `${100 + (seq % 7)}.5`,
      size: '1',
      aggressor_side: 'buy',
      trade_id: String(seq),
    },
  });
}

export function seqOf(event: MarketDataEvent): number {
  return event.data.kind === 'trade' ? Number(event.data.trade_id) : Number.NaN;
}
