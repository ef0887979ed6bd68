// Order rate limit over a rolling window of EVENT time (ts_event ns), never the wall clock,
// so a replay refuses exactly the orders the live run refused. The state is a plain
// JSON-safe object (timestamps as decimal strings) the router snapshots with its checkpoint.
import {
  type OrderIntent,
  PASS,
  type RateLimit,
  type RiskContext,
  type RiskLimits,
  type RiskResult,
  reject,
} from './types.ts';

export interface RateLimiterState {
  /** Event times (ns, decimal strings) of the orders sent in the current window, oldest first. */
  sentAtNs: string[];
}

export const EMPTY_RATE_LIMITER: RateLimiterState = Object.freeze({ sentAtNs: [] }) as RateLimiterState;

/** Orders counted at `nowNs`: those sent in (nowNs − windowNs, nowNs], plus any from a later time. */
function inWindow(state: RateLimiterState, nowNs: bigint, windowNs: bigint): bigint[] {
  return state.sentAtNs.map((ts) => BigInt(ts)).filter((ts) => ts > nowNs - windowNs);
}

/** Refuses the order if `maxOrders` were already sent within the window ending at its event time. */
export function checkOrderRate(intent: OrderIntent, context: RiskContext, limits: RiskLimits): RiskResult {
  const { maxOrders, windowNs } = limits.rateLimit;
  const count = inWindow(context.rateLimiter, intent.tsEventNs, windowNs).length;
  return count >= maxOrders
    ? reject(
        'order-rate',
        `${count} orders in the last ${windowNs} ns of event time; the maximum is ${maxOrders}`,
      )
    : PASS;
}

/** The limiter's state after an order sent at `tsEventNs`, with entries out of the window dropped. */
export function recordOrder(state: RateLimiterState, tsEventNs: bigint, limit: RateLimit): RateLimiterState {
  const kept = inWindow(state, tsEventNs, limit.windowNs);
  return { sentAtNs: [...kept, tsEventNs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String) };
}
