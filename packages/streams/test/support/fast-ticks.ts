// tick() of ./ticks.ts without validating each event again: for tests that publish 100,000
// events, where schema validation of the inputs would be most of the test's CPU time. Each
// symbol's first tick is built (and validated) by tick(); the others copy its shape.
import { derivedEventId, type MarketDataEvent } from '@tickflow/events';
import { tick } from './ticks.ts';

const templates = new Map<string, MarketDataEvent>();

/** Equal to `tick(symbol, seq)`. */
export function fastTick(symbol: string, seq: number): MarketDataEvent {
  let template = templates.get(symbol);
  if (template === undefined) {
    template = tick(symbol, 0);
    templates.set(symbol, template);
  }
  if (template.data.kind !== 'trade') throw new Error('tick() builds trades');
  const id = derivedEventId({ scope: 'test-ticks', cause: symbol, index: seq });
  return {
    ...template,
    id,
    corr: id,
    ts_event: BigInt(seq) * 1_000n,
    ts_init: BigInt(seq) * 1_000n,
    data: { ...template.data, price: `${100 + (seq % 7)}.5`, trade_id: String(seq) },
  };
}
