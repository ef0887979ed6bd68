// Test history as the services write it: quotes of a few symbols, and every fifth round a
// causal chain tick → signal → order → two fills (derived ids, inherited correlation). Every
// field is fixed (ts_init too), so the same history has the same digest wherever it is written.
import {
  type AnyEvent,
  createEvent,
  derivedEventId,
  deriveEvent,
  type MarketDataEvent,
  type OrderEvent,
  partitionOf,
  type SignalEvent,
} from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { createPublisher } from '@tickflow/streams';

export const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD'];
const T0_NS = 1_700_000_000_000_000_000n;
const MS = 1_000_000n;

/** The `seq`-th quote of `symbol`, `spacingMs` of event time after the previous round. */
export function quote(symbol: string, seq: number, spacingMs = 1): MarketDataEvent {
  return createEvent({
    type: 'market_data',
    id: derivedEventId({ scope: 'cli-test', cause: symbol, index: seq }),
    ts_event: T0_NS + BigInt(seq * spacingMs) * MS,
    ts_init: T0_NS + BigInt(seq * spacingMs) * MS + 1_000n,
    data: {
      kind: 'quote',
      symbol,
      venue: 'test',
      bid_price: `${100 + (seq % 7)}.5`,
      bid_size: '3',
      ask_price: `${101 + (seq % 7)}.5`,
      ask_size: '4',
    },
  });
}

export function chainOf(tick: MarketDataEvent): AnyEvent[] {
  const signal: SignalEvent = deriveEvent(tick, {
    type: 'signal',
    scope: 'signal-engine/cli-test',
    ts_event: tick.ts_event + 2_000n,
    ts_init: tick.ts_event + 3_000n,
    data: { symbol: tick.key, signal: 'long', strength: '0.5', strategy_id: 'sma-cross', reason: 'test' },
  });
  const order: OrderEvent = deriveEvent(signal, {
    type: 'order',
    scope: 'order-router',
    ts_event: signal.ts_event + 3_000n,
    ts_init: signal.ts_event + 4_000n,
    data: {
      order_id: `ord-${signal.id}`,
      client_order_id: `cl-${signal.id}`,
      symbol: signal.key,
      side: 'buy',
      quantity: '2',
      order_type: 'market',
      time_in_force: 'IOC',
      status: 'NEW',
      filled_quantity: '0',
    },
  });
  const fills = [0, 1].map((index) =>
    deriveEvent(order, {
      type: 'fill',
      scope: 'order-router',
      index,
      ts_event: order.ts_event + 5_000n,
      ts_init: order.ts_event + 6_000n,
      data: {
        order_id: order.data.order_id,
        execution_id: `exec-${order.id}-${index}`,
        symbol: order.key,
        side: 'buy',
        quantity: '1',
        price: `10${index}.5`,
        commission: '0.01',
        commission_asset: 'USD',
        liquidity: 'taker',
        venue: 'paper',
      },
    }),
  );
  return [signal, order, ...fills];
}

export interface Seeded {
  /** Events published, in publishing order. */
  readonly events: AnyEvent[];
  readonly count: Record<AnyEvent['type'], number>;
}

/** Publishes `rounds` rounds into `scope` (one publishAll per round, so streams interleave). */
export async function seedHistory(
  redis: RedisClient,
  scope: { namespace: string; partitions: number },
  rounds: number,
  options: { spacingMs?: number; chains?: boolean } = {},
): Promise<Seeded> {
  const publisher = createPublisher(redis, scope);
  const events: AnyEvent[] = [];
  for (let seq = 0; seq < rounds; seq++) {
    const round = SYMBOLS.flatMap((symbol) => {
      const tick = quote(symbol, seq, options.spacingMs);
      return options.chains !== false && seq % 5 === 0 ? [tick, ...chainOf(tick)] : [tick];
    });
    await publisher.publishAll(round);
    events.push(...round);
  }
  const count = { market_data: 0, signal: 0, order: 0, fill: 0 };
  for (const event of events) count[event.type]++;
  return { events, count };
}

/** The partition a symbol's events go to. */
export function partitionOfSymbol(symbol: string, partitions: number): number {
  return partitionOf(symbol, partitions);
}
