// The codec's fast path for market data, most of every stream: a payload exactly as
// encodeEvent writes one (the schema's keys in the schema's order, nothing else) is checked
// here with the schema's own rules (the predicates and patterns of primitives.ts) and used as
// parsed, without zod, whose checks and copy cost more than the rest of decoding together.
// It accepts nothing the schema rejects, and what it accepts is what the schema would return
// (the same keys, in the same order, the same values): anything else is left to zod, which
// keeps every rejection's exact issues (test/canonical-market-data checks both against zod).
import {
  IDENTIFIER_PATTERN,
  isDecimal,
  isNonNegativeDecimal,
  isPositiveDecimal,
  SYMBOL_PATTERN,
} from './primitives.ts';
import { quote, trade } from './types/market-data.ts';

// Taken from the schemas, not copied: the order of their keys is the order of zod's output.
const QUOTE_KEYS = Object.keys(quote.shape);
// An unsized quote (v3): the same keys without the two sizes, still in the schema's order.
const UNSIZED_QUOTE_KEYS = QUOTE_KEYS.filter((key) => key !== 'bid_size' && key !== 'ask_size');
const TRADE_KEYS = Object.keys(trade.shape);
const AGGRESSOR_SIDES: ReadonlySet<string> = new Set(trade.shape.aggressor_side.options);

/** True when `data` is a canonical, valid MarketData payload (a quote or a trade). */
export function isCanonicalMarketData(data: unknown): data is Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const payload = data as Record<string, unknown>;
  if (payload.kind === 'quote') {
    // Both sizes or neither: a quote with one size is left to zod, which says which is missing.
    const sized = Object.hasOwn(payload, 'bid_size');
    const keys = sized ? QUOTE_KEYS : UNSIZED_QUOTE_KEYS;
    return (
      hasKeysInOrder(payload, keys, keys.length) &&
      isSymbolAndVenue(payload) &&
      isDecimalText(payload.bid_price, isDecimal) &&
      isDecimalText(payload.ask_price, isDecimal) &&
      (!sized ||
        (isDecimalText(payload.bid_size, isNonNegativeDecimal) &&
          isDecimalText(payload.ask_size, isNonNegativeDecimal)))
    );
  }
  if (payload.kind === 'trade') {
    // trade_id, the last key, is optional.
    const withId = Object.hasOwn(payload, 'trade_id');
    return (
      hasKeysInOrder(payload, TRADE_KEYS, withId ? TRADE_KEYS.length : TRADE_KEYS.length - 1) &&
      isSymbolAndVenue(payload) &&
      isDecimalText(payload.price, isDecimal) &&
      isDecimalText(payload.size, isPositiveDecimal) &&
      typeof payload.aggressor_side === 'string' &&
      AGGRESSOR_SIDES.has(payload.aggressor_side) &&
      (!withId || (typeof payload.trade_id === 'string' && IDENTIFIER_PATTERN.test(payload.trade_id)))
    );
  }
  return false;
}

/** Exactly the first `count` of `keys`, in that order, and no other own enumerable key. */
function hasKeysInOrder(payload: Record<string, unknown>, keys: readonly string[], count: number): boolean {
  let i = 0;
  for (const key in payload) {
    if (!Object.hasOwn(payload, key) || i >= count || key !== keys[i]) return false;
    i++;
  }
  return i === count;
}

function isSymbolAndVenue(payload: Record<string, unknown>): boolean {
  return (
    typeof payload.symbol === 'string' &&
    SYMBOL_PATTERN.test(payload.symbol) &&
    typeof payload.venue === 'string' &&
    IDENTIFIER_PATTERN.test(payload.venue)
  );
}

function isDecimalText(value: unknown, rule: (value: string) => boolean): boolean {
  return typeof value === 'string' && rule(value);
}
