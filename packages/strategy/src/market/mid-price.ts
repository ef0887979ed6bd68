// The mid price the built-in strategies trade on, as a double (see indicators/indicator.ts
// for why doubles are fine here).
import { type Quote, quoteSizes } from '@tickflow/events';

/**
 * (bid + ask) / 2 of a quote, or undefined when a side is empty (size 0): a one-sided
 * book's missing price is a placeholder, and its "mid" would be a fake jump. An unsized
 * quote (no sizes at all, as FX tick files have) has real prices on both sides: its sizes
 * are unknown, not zero, so it has a mid.
 */
export function midPrice(quote: Quote): number | undefined {
  const sizes = quoteSizes(quote);
  if (sizes !== undefined && (Number(sizes.bid_size) === 0 || Number(sizes.ask_size) === 0)) return undefined;
  return (Number(quote.bid_price) + Number(quote.ask_price)) / 2;
}
