// The pipeline's events for the EventMonitor's browser tests, built as the services build them:
// a trade with createEvent, the signal, order and fill downstream with deriveEvent from their
// cause, event times near now (so a time range typed into the page finds them by append time
// or by event time alike). `publishChain` publishes one tick → signal → order → fill chain step
// by step, as the services would; `startFlow` keeps publishing all four types at a steady
// rate while a page watches.
import {
  type AnyEvent,
  createEvent,
  deriveEvent,
  type FillEvent,
  type MarketDataEvent,
  nowNs,
  type OrderEvent,
  partitionKeys,
  type SignalEvent,
} from '@tickflow/events';
import { createPublisher, type PublishResult } from '@tickflow/streams';
import type { Redis } from 'ioredis';

export interface Scope {
  readonly namespace: string;
  readonly partitions: number;
}

const US = 1_000n;

export function trade(symbol: string, tsEventNs: bigint = nowNs(), price = '101.25'): MarketDataEvent {
  return createEvent({
    type: 'market_data',
    ts_event: tsEventNs,
    data: { kind: 'trade', symbol, venue: 'test', price, size: '2', aggressor_side: 'sell' },
  });
}

export function signalOf(tick: MarketDataEvent): SignalEvent {
  return deriveEvent(tick, {
    type: 'signal',
    scope: 'signal-engine/browser-test',
    ts_event: tick.ts_event + 200n * US,
    data: {
      symbol: tick.key,
      signal: 'long',
      strength: '0.75',
      strategy_id: 'sma-cross',
      reason: 'fast above slow',
    },
  });
}

export function orderOf(signal: SignalEvent): OrderEvent {
  return deriveEvent(signal, {
    type: 'order',
    scope: 'order-router',
    ts_event: signal.ts_event + 300n * US,
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

/** The order router's fill of `order` (derived from the signal, its output 1, as the router numbers them). */
export function fillOf(order: OrderEvent, signal: SignalEvent, price = '101.5'): FillEvent {
  return deriveEvent(signal, {
    type: 'fill',
    scope: 'order-router',
    index: 1,
    ts_event: order.ts_event + 500n * US,
    data: {
      order_id: order.data.order_id,
      execution_id: `exec-${order.id}`,
      symbol: order.key,
      side: 'buy',
      quantity: '2',
      price,
      commission: '0.01',
      commission_asset: 'USD',
      liquidity: 'taker',
      venue: 'paper',
      strategy_id: 'sma-cross',
    },
  });
}

export interface Chain {
  readonly tick: MarketDataEvent;
  readonly signal: SignalEvent;
  readonly order: OrderEvent;
  readonly fill: FillEvent;
}

export function chainOf(symbol: string, tsEventNs: bigint = nowNs(), price?: string): Chain {
  const tick = trade(symbol, tsEventNs, price);
  const signal = signalOf(tick);
  const order = orderOf(signal);
  return { tick, signal, order, fill: fillOf(order, signal, price) };
}

export interface PublishedChain extends Chain {
  /** Event id → where it was appended. */
  readonly at: ReadonlyMap<string, PublishResult>;
}

/** Publishes a chain one step at a time (each hop appended after its cause, as the services do). */
export async function publishChain(redis: Redis, scope: Scope, chain: Chain): Promise<PublishedChain> {
  const publisher = createPublisher(redis, scope);
  const at = new Map<string, PublishResult>();
  for (const event of [chain.tick, chain.signal, chain.order, chain.fill] as AnyEvent[]) {
    at.set(event.id, await publisher.publish(event));
  }
  return { ...chain, at };
}

export interface Flow {
  /** Events published so far per type. */
  readonly published: { market_data: number; signal: number; order: number; fill: number };
  /** Stops publishing; resolves once the batch in flight is in Redis. */
  stop(): Promise<void>;
}

/**
 * Publishes every `everyMs` a batch of `ticksPerBatch` trades across `symbols`, and for each
 * `chainEvery`-th trade its signal, order and fill: a pipeline's flow at a steady rate.
 */
export function startFlow(
  redis: Redis,
  scope: Scope,
  options: { symbols: readonly string[]; ticksPerBatch: number; everyMs: number; chainEvery: number },
): Flow {
  const publisher = createPublisher(redis, scope);
  const published = { market_data: 0, signal: 0, order: 0, fill: 0 };
  let seq = 0;
  let inFlight: Promise<void> = Promise.resolve();
  let failure: unknown;
  const batch = async () => {
    const events: AnyEvent[] = [];
    for (let n = 0; n < options.ticksPerBatch; n++, seq++) {
      const symbol = options.symbols[seq % options.symbols.length] as string;
      const chain = chainOf(symbol, nowNs(), `${100 + (seq % 9)}.25`);
      events.push(chain.tick);
      if (seq % options.chainEvery === 0) events.push(chain.signal, chain.order, chain.fill);
    }
    await publisher.publishAll(events);
    for (const event of events) published[event.type]++;
  };
  const timer = setInterval(() => {
    inFlight = inFlight.then(batch).catch((error: unknown) => {
      failure ??= error;
    });
  }, options.everyMs);
  return {
    published,
    async stop() {
      clearInterval(timer);
      await inFlight;
      if (failure !== undefined) throw failure;
    },
  };
}

/**
 * Recorded history: `ticks` trades `spacingNs` of event time apart (symbols in turn), each
 * `chainEvery`-th followed by its signal, order and fill; published in pages. Returns how many
 * events of all types it published.
 */
export async function publishHistory(
  redis: Redis,
  scope: Scope,
  options: { ticks: number; spacingNs: bigint; chainEvery: number; symbols: readonly string[] },
): Promise<number> {
  const publisher = createPublisher(redis, scope);
  const t0 = nowNs() - BigInt(options.ticks) * options.spacingNs;
  let published = 0;
  for (let from = 0; from < options.ticks; from += 250) {
    const events: AnyEvent[] = [];
    for (let seq = from; seq < Math.min(options.ticks, from + 250); seq++) {
      const symbol = options.symbols[seq % options.symbols.length] as string;
      const chain = chainOf(symbol, t0 + BigInt(seq) * options.spacingNs, `${100 + (seq % 9)}.25`);
      events.push(chain.tick);
      if (seq % options.chainEvery === 0) events.push(chain.signal, chain.order, chain.fill);
    }
    await publisher.publishAll(events);
    published += events.length;
  }
  return published;
}

const TYPES = ['market_data', 'signal', 'order', 'fill'] as const;

/** Entries a namespace's streams hold, every type and partition. */
export async function entriesIn(redis: Redis, scope: Scope): Promise<number> {
  let total = 0;
  for (const type of TYPES)
    for (let partition = 0; partition < scope.partitions; partition++)
      total += await redis.xlen(partitionKeys(scope.namespace, type, partition).stream);
  return total;
}
