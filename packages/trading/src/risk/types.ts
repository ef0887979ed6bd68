// The inputs and outputs every risk rule shares. A rule is a pure function of the order
// intent, the router's context and the limits; it either passes or says which rule refused
// and why. Decimals are canonical decimal strings; time is event time in nanoseconds.
import type { Side } from '@tickflow/events';
import type { KillSwitchMode } from './kill-switch.ts';
import type { RateLimiterState } from './rate-limit.ts';

/** An order the router wants to send, before it has an id. */
export interface OrderIntent {
  symbol: string;
  side: Side;
  /** Positive decimal string. */
  quantity: string;
  orderType: 'market' | 'limit';
  /** Set for limit orders. */
  limitPrice?: string;
  /** The event time of the decision (the signal's ts_event), in ns. */
  tsEventNs: bigint;
}

export interface RiskContext {
  /** Current signed position in the intent's symbol ("0" when flat). */
  position: string;
  /** The price a market order is valued at (e.g. the quote's mid or the side's touch). */
  referencePrice: string;
  /** The last quote, for the price band. */
  quote?: { bidPrice: string; askPrice: string };
  rateLimiter: RateLimiterState;
  killSwitch: KillSwitchMode;
}

export interface RiskLimits {
  /** Largest quantity of one order. */
  maxOrderQuantity: string;
  /** Largest quantity × price of one order. */
  maxOrderNotional: string;
  /** Largest absolute position per symbol after the order. */
  maxAbsPosition: string;
  /** How far (in basis points of the mid) the order's price may be from the mid. */
  priceBandBps: string;
  /** At most `maxOrders` in any `windowNs` of event time. */
  rateLimit: RateLimit;
}

export interface RateLimit {
  maxOrders: number;
  windowNs: bigint;
}

export type RiskRuleName =
  | 'max-order-quantity'
  | 'max-order-notional'
  | 'max-position'
  | 'price-band'
  | 'order-rate'
  | 'kill-switch';

export interface RiskRejection {
  rule: RiskRuleName;
  reason: string;
}

export type RiskResult = { ok: true } | ({ ok: false } & RiskRejection);

export const PASS: RiskResult = Object.freeze({ ok: true });

export function reject(rule: RiskRuleName, reason: string): RiskResult {
  return { ok: false, rule, reason };
}
