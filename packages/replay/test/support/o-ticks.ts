// Test events: trades numbered per symbol, so a handler can tell which it saw and how often.
import { createEvent, derivedEventId, type MarketDataEvent, partitionOf } from '@tickflow/events';

export function symbolName(index: number): string {
  return `SYM${String(index).padStart(3, '0')}`;
}

/** The `seq`-th trade of `symbol`, with an id derived from both. */
export function tick(symbol: string, seq: number): MarketDataEvent {
  return createEvent({
    type: 'market_data',
    id: derivedEventId({ scope: 'replay-tests', cause: symbol, index: seq }),
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

/** The first `count` test symbols (symbolName order) that fall in `partition`. */
export function symbolsIn(partition: number, partitions: number, count: number): string[] {
  const found: string[] = [];
  for (let i = 0; found.length < count; i++) {
    if (partitionOf(symbolName(i), partitions) === partition) found.push(symbolName(i));
  }
  return found;
}

export const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i);
