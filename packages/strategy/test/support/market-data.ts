// Builders of market data events for strategy tests: deterministic ids and times, so the
// same test builds the same events on every run.
import { createEvent, type MarketDataEvent } from '@tickflow/events';

/** 2023-11-14T22:13:20Z in ns; tick i happens i ms later. */
export const T0_NS = 1_700_000_000_000_000_000n;

/** A valid UUIDv7-shaped event id for sequence number `seq`. */
export function eventIdOf(seq: number): string {
  return `0190f1e2-8a4b-7c3d-9e5f-${seq.toString(16).padStart(12, '0')}`;
}

export function tsOf(seq: number): bigint {
  return T0_NS + BigInt(seq) * 1_000_000n;
}

export interface QuoteInput {
  readonly seq: number;
  readonly bid: string;
  readonly ask: string;
  readonly symbol?: string;
  readonly bidSize?: string;
  readonly askSize?: string;
}

export function quoteEvent(input: QuoteInput): MarketDataEvent {
  return createEvent({
    type: 'market_data',
    id: eventIdOf(input.seq),
    ts_event: tsOf(input.seq),
    ts_init: tsOf(input.seq),
    data: {
      kind: 'quote',
      symbol: input.symbol ?? 'BTCUSDT',
      venue: 'test',
      bid_price: input.bid,
      bid_size: input.bidSize ?? '1',
      ask_price: input.ask,
      ask_size: input.askSize ?? '1',
    },
  });
}

export function tradeEvent(input: {
  seq: number;
  price: string;
  size?: string;
  symbol?: string;
}): MarketDataEvent {
  return createEvent({
    type: 'market_data',
    id: eventIdOf(input.seq),
    ts_event: tsOf(input.seq),
    ts_init: tsOf(input.seq),
    data: {
      kind: 'trade',
      symbol: input.symbol ?? 'BTCUSDT',
      venue: 'test',
      price: input.price,
      size: input.size ?? '1',
      aggressor_side: 'buy',
    },
  });
}

/** Quotes whose mids are `mids` (whole numbers), one tick apart: bid = mid − 1, ask = mid + 1. */
export function quotesAtMids(mids: readonly number[], symbol = 'BTCUSDT', firstSeq = 0): MarketDataEvent[] {
  return mids.map((mid, index) =>
    quoteEvent({ seq: firstSeq + index, symbol, bid: String(mid - 1), ask: String(mid + 1) }),
  );
}

/** A price in integer cents as a decimal string: 123456 → "1234.56". */
export function centsToDecimal(cents: number): string {
  const whole = Math.floor(cents / 100);
  return `${whole}.${String(cents % 100).padStart(2, '0')}`;
}

/** Quotes from mid prices in cents, with a spread of `spreadCents` either side. */
export function quotesFromCents(
  midsCents: readonly number[],
  options: { symbol?: string; spreadCents?: number; firstSeq?: number } = {},
): MarketDataEvent[] {
  const spread = options.spreadCents ?? 1;
  return midsCents.map((mid, index) =>
    quoteEvent({
      seq: (options.firstSeq ?? 0) + index,
      symbol: options.symbol ?? 'BTCUSDT',
      bid: centsToDecimal(mid - spread),
      ask: centsToDecimal(mid + spread),
    }),
  );
}
