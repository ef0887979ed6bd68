// The mid price the built-in strategies trade on, as a double (see indicators/indicator.ts
// for why doubles are fine here).
import type { Quote } from '@tickflow/events';

/**
 * (bid + ask) / 2 of a quote, or undefined when a side is empty (size 0): a one-sided
 * book's missing price is a placeholder, and its "mid" would be a fake jump.
 */
export function midPrice(quote: Quote): number | undefined {
  if (Number(quote.bid_size) === 0 || Number(quote.ask_size) === 0) return undefined;
  return (Number(quote.bid_price) + Number(quote.ask_price)) / 2;
}
