// Events for the selection, query and filter tests, built as the services build them:
// ticks with createEvent, everything downstream with deriveEvent from its cause.
import {
  type AnyEvent,
  createEvent,
  derivedEventId,
  deriveEvent,
  type FillEvent,
  type MarketDataEvent,
  type OrderEvent,
  type SignalEvent,
} from '@tickflow/events';

/** Event time of the first test event: 2023-11-14T22:13:20Z. */
export const T0_NS = 1_700_000_000_000_000_000n;
const MS = 1_000_000n;

/** The `seq`-th quote of `symbol`, `seq` ms of event time after T0, with an id fixed by both. */
export function quoteTick(symbol: string, seq: number, bidPrice = `${100 + (seq % 7)}.5`): MarketDataEvent {
  return createEvent({
    type: 'market_data',
    id: derivedEventId({ scope: 'q-ticks', cause: symbol, index: seq }),
    ts_event: T0_NS + BigInt(seq) * MS,
    ts_init: T0_NS + BigInt(seq) * MS + 1_000n,
    data: {
      kind: 'quote',
      symbol,
      venue: 'test',
      bid_price: bidPrice,
      bid_size: '3',
      ask_price: `${Number(bidPrice) + 1}`,
      ask_size: '4',
    },
  });
}

/** A trade print, id a fresh UUIDv7 (as a live feed's tick has). */
export function liveTrade(symbol: string, tsEventNs: bigint, price = '101.25'): MarketDataEvent {
  return createEvent({
    type: 'market_data',
    ts_event: tsEventNs,
    data: { kind: 'trade', symbol, venue: 'test', price, size: '2', aggressor_side: 'sell' },
  });
}

export function signalOf(tick: MarketDataEvent, latencyNs = 2_000n): SignalEvent {
  return deriveEvent(tick, {
    type: 'signal',
    scope: 'signal-engine/q-test',
    ts_event: tick.ts_event + latencyNs,
    data: {
      symbol: tick.key,
      signal: 'long',
      strength: '0.75',
      strategy_id: 'sma-cross',
      reason: 'fast above slow',
      quote: { bid_price: '101.5', bid_size: '3', ask_price: '102.5', ask_size: '4' },
    },
  });
}

export function orderOf(signal: SignalEvent, latencyNs = 3_000n): OrderEvent {
  return deriveEvent(signal, {
    type: 'order',
    scope: 'order-router',
    ts_event: signal.ts_event + latencyNs,
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
      strategy_id: 'sma-cross',
    },
  });
}

/** A fill of `order`, derived from `cause` (the order; the order router derives fills from the signal). */
export function fillOf(
  order: OrderEvent,
  index: number,
  cause: AnyEvent = order,
  latencyNs = 5_000n,
): FillEvent {
  return deriveEvent(cause, {
    type: 'fill',
    scope: 'order-router',
    index,
    ts_event: order.ts_event + latencyNs,
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
      strategy_id: 'sma-cross',
    },
  });
}
