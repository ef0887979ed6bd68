// The events the bench publishes: market-data quotes over 64 symbols, so that every one of
// the 8 partitions gets a share. The raw baseline publishes the same field lists, encoded
// once up front (no validation, no envelope building).
import { createEvent, encodeEvent, type MarketDataEvent, nowNs } from '@tickflow/events';

const SYMBOLS = Array.from({ length: 64 }, (_, i) => `SYM${i}USDT`);
const TS_EVENT = 1_582_329_601_096_000_000n;

/** A fresh, valid quote event (new id each call); `tsInit` defaults to now. */
export function sampleEvent(i: number, tsInit: bigint = nowNs()): MarketDataEvent {
  return createEvent({
    type: 'market_data',
    ts_event: TS_EVENT + BigInt(i),
    ts_init: tsInit,
    data: {
      kind: 'quote',
      symbol: SYMBOLS[i % SYMBOLS.length] ?? 'SYM0USDT',
      venue: 'binance-futures',
      bid_price: '9665.23',
      bid_size: '1.082',
      ask_price: '9665.24',
      ask_size: '0.349',
    },
  });
}

export function sampleEvents(from: number, count: number): MarketDataEvent[] {
  return Array.from({ length: count }, (_, k) => sampleEvent(from + k));
}

/** The raw baseline's entry: the encoded field list of a sample event. */
export function rawFields(i: number): string[] {
  return encodeEvent(sampleEvent(i));
}

/** Index of `ts_init`'s value in a raw field list (the raw consumer reads latency from it). */
export const TS_INIT_INDEX = encodeEvent(sampleEvent(0)).indexOf('ts_init') + 1;

/** The raw field list with its ts_init set to `tsInitNs`. */
export function withTsInit(fields: readonly string[], tsInitNs: bigint): string[] {
  const copy = [...fields];
  copy[TS_INIT_INDEX] = tsInitNs.toString();
  return copy;
}
