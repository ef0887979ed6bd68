// Filters that compile: each event type's payload fields, the envelope variables, the added
// functions, and per-event evaluation where a field of another type is no match, not a crash.
import type { AnyEvent } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../src/filter/compile-filter.ts';
import { fillOf, liveTrade, orderOf, quoteTick, signalOf, T0_NS } from './support/q-events.ts';

const tick = quoteTick('BTCUSDT', 3, '101.5');
const signal = signalOf(tick);
const order = orderOf(signal);
const fill = fillOf(order, 0);
const trade = liveTrade('ETHUSDT', T0_NS + 5_000_000n, '2300.25');
const all: AnyEvent[] = [tick, trade, signal, order, fill];

const matching = (expression: string) =>
  all.filter((event) => compileFilter(expression).matches(event)).map((event) => event.type);

describe('compileFilter over each event type', () => {
  it('given a quote filter on a decimal field, then only the quote above the price matches', () => {
    expect(matching('data.kind == "quote" && decimal(data.bid_price) > 100.5')).toEqual(['market_data']);
    expect(matching('data.kind == "quote" && decimal(data.bid_price) > 101.5')).toEqual([]);
    expect(matching('decimal(data.bid_price) >= 101')).toEqual(['market_data']);
  });

  it('given a trade filter, then the trade matches by its own fields', () => {
    expect(matching('data.kind == "trade" && data.aggressor_side == "sell" && symbol == "ETHUSDT"')).toEqual([
      'market_data',
    ]);
  });

  it('given a signal filter reaching into its quote, then the signal matches', () => {
    expect(
      matching('event_type == "signal" && decimal(data.strength) >= 0.5 && data.quote.bid_price == "101.5"'),
    ).toEqual(['signal']);
  });

  it('given an order filter, then the order matches', () => {
    expect(matching('data.status == "NEW" && data.order_type == "market" && !has(data.limit_price)')).toEqual(
      ['order'],
    );
  });

  it('given a filter on a field two types share (price), then both match and the others are no match', () => {
    expect(matching('decimal(data.price) > 100.0')).toEqual(['market_data', 'fill']);
    expect(
      matching('decimal(data.price) * decimal(data.quantity) > 100.0 && data.liquidity == "taker"'),
    ).toEqual(['fill']);
  });

  it('given envelope variables, then they hold what the envelope holds', () => {
    expect(matching('cause == ""')).toEqual(['market_data', 'market_data']);
    expect(matching(`corr == "${tick.id}" && id != corr`)).toEqual(['signal', 'order', 'fill']);
    expect(matching(`cause == "${signal.id}"`)).toEqual(['order']);
    expect(matching('key == symbol && symbol == data.symbol')).toHaveLength(all.length);
    expect(matching('ts_event >= ns("2023-11-14T22:13:20.005Z") && ts_init > 0')).toEqual(['market_data']);
    expect(matching(`ts_event == ${tick.ts_event}`)).toEqual(['market_data']);
    expect(matching('event_type in ["order", "fill"]')).toEqual(['order', 'fill']);
    expect(matching('["sma", "cross"].exists(word, data.strategy_id.contains(word))')).toEqual([
      'signal',
      'order',
      'fill',
    ]);
  });

  it('given a filter that fails at run time on some events, then those are no match and later ones still evaluate', () => {
    const filter = compileFilter('decimal(data.reason) > 1.0 || data.side == "buy"');
    expect(all.map((event) => filter.matches(event))).toEqual([false, false, false, true, true]);
    expect(compileFilter('1 / (ts_event - ts_event) == 1').matches(tick)).toBe(false);
  });

  it('keeps the source as given', () => {
    expect(compileFilter(' symbol == "A" ').source).toBe(' symbol == "A" ');
  });

  it('evaluates a typical filter per event without a per-event compile (speed sanity, no timing assertion)', () => {
    const filter = compileFilter(
      'event_type == "market_data" && data.kind == "quote" && decimal(data.bid_price) > 100.0 && symbol.startsWith("BTC")',
    );
    const events = Array.from({ length: 20_000 }, (_, seq) =>
      quoteTick(seq % 2 ? 'BTCUSDT' : 'ETHUSDT', seq),
    );
    const started = performance.now();
    const kept = events.filter((event) => filter.matches(event)).length;
    const perEventUs = ((performance.now() - started) * 1000) / events.length;
    expect(kept).toBe(10_000);
    console.info(`filter evaluation: ${perEventUs.toFixed(2)} µs per event`);
  });
});
