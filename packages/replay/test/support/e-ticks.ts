// Test history for the replay engine: trades of a few symbols at a fixed event-time spacing,
// published into a source namespace, and the source as the engine reads it.
import { createEvent, derivedEventId, type MarketDataEvent } from '@tickflow/events';
import { createPublisher, readEventBatches } from '@tickflow/streams';
import type { Redis } from 'ioredis';
import type { ReplayBatch } from '../../src/engine/replay-run.ts';
import type { Scope } from '../../src/scope.ts';

const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'];

/** The `seq`-th trade, `spacingNs` of event time after the previous one, symbols in turn. */
export function spacedTick(seq: number, spacingNs: bigint): MarketDataEvent {
  const symbol = SYMBOLS[seq % SYMBOLS.length] as string;
  return createEvent({
    type: 'market_data',
    id: derivedEventId({ scope: 'replay-test', cause: 'ticks', index: seq }),
    ts_event: 1_700_000_000_000_000_000n + BigInt(seq) * spacingNs,
    ts_init: 1_700_000_000_000_000_000n,
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

export async function publishTicks(
  redis: Redis,
  scope: Scope,
  count: number,
  spacingNs: bigint,
  /** Envelope fields to set on the `seq`-th tick (a traceparent, say). */
  envelopeOf: (seq: number) => { traceparent?: string; tracestate?: string } = () => ({}),
): Promise<void> {
  const publisher = createPublisher(redis, scope);
  for (let from = 0; from < count; from += 500) {
    const upTo = Math.min(count, from + 500);
    await publisher.publishAll(
      Array.from({ length: upTo - from }, (_, i) => ({
        ...spacedTick(from + i, spacingNs),
        ...envelopeOf(from + i),
      })),
    );
  }
}

/** The whole market-data history of `scope`, as replay batches. */
export async function* marketData(redis: Redis, scope: Scope, pageSize = 1_000): AsyncGenerator<ReplayBatch> {
  for await (const events of readEventBatches(redis, { ...scope, type: 'market_data', pageSize })) {
    yield { events, scanned: events.length };
  }
}
