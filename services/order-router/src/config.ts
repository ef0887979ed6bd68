// order-router's own configuration: sizing, risk limits, the paper venue and the kill switch.
import { type PaperVenueOptions, type RiskLimits, UNSIZED_QUOTES } from '@tickflow/trading';
import { z } from 'zod';

const decimal = (fallback: string, what: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, { error: `expected ${what}` })
    .default(fallback);
const integer = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: `expected an integer from ${min} to ${max}` })
    .int({ error: `expected an integer from ${min} to ${max}` })
    .min(min, { error: `expected an integer from ${min} to ${max}` })
    .max(max, { error: `expected an integer from ${min} to ${max}` })
    .default(fallback);

export const orderRouterConfig = z.object({
  /** Largest absolute target position per symbol (also the max-position risk limit). */
  ROUTER_MAX_POSITION: decimal('10', 'a non-negative decimal'),
  /** Quantity step: targets are rounded down to it. */
  ROUTER_LOT_SIZE: decimal('0.001', 'a positive decimal').refine((v) => /[1-9]/.test(v), {
    error: 'expected a positive decimal',
  }),
  ROUTER_MAX_ORDER_QTY: decimal('10', 'a non-negative decimal'),
  ROUTER_MAX_ORDER_NOTIONAL: decimal('1000000', 'a non-negative decimal'),
  ROUTER_PRICE_BAND_BPS: decimal('50', 'a non-negative decimal (basis points)'),
  ROUTER_MAX_ORDERS_PER_WINDOW: integer(100, 1, 1_000_000),
  ROUTER_RATE_WINDOW_MS: integer(1_000, 1, 86_400_000),
  ROUTER_PAPER_LATENCY_MS: integer(0, 0, 60_000),
  ROUTER_PAPER_SLIPPAGE_BPS: decimal('0', 'a non-negative decimal (basis points)'),
  ROUTER_PAPER_COMMISSION_BPS: decimal('0', 'a non-negative decimal (basis points)'),
  /**
   * A signal whose quote has no sizes: `reject` its order (with a reason naming the unsized
   * quote) or fill it at the quote with `unlimited` size. `reject` by default: unlimited size
   * at the touch flatters every result, so it must be chosen, not fallen into.
   */
  ROUTER_UNSIZED_QUOTES: z
    .enum(UNSIZED_QUOTES, { error: `expected ${UNSIZED_QUOTES.map((mode) => `"${mode}"`).join(' or ')}` })
    .default('reject'),
  /** The asset fills' commissions are in (the quote asset). */
  ROUTER_COMMISSION_ASSET: z
    .string()
    .regex(/^[\x21-\x7e]{1,128}$/, { error: 'expected 1-128 printable ASCII characters' })
    .default('USDT'),
  /** How often the kill switch is re-read from Redis (a PUT on this instance applies at once). */
  ROUTER_KILL_SWITCH_POLL_MS: integer(500, 50, 1_000),
});

export type OrderRouterConfig = z.infer<typeof orderRouterConfig>;

const MS = 1_000_000n;

/** Everything routing a signal depends on besides the signal, the state and the kill switch. */
export interface RouterSettings {
  readonly maxPosition: string;
  readonly lotSize: string;
  readonly limits: RiskLimits;
  readonly venue: PaperVenueOptions;
}

export function routerSettings(config: OrderRouterConfig): RouterSettings {
  return {
    maxPosition: config.ROUTER_MAX_POSITION,
    lotSize: config.ROUTER_LOT_SIZE,
    limits: {
      maxOrderQuantity: config.ROUTER_MAX_ORDER_QTY,
      maxOrderNotional: config.ROUTER_MAX_ORDER_NOTIONAL,
      maxAbsPosition: config.ROUTER_MAX_POSITION,
      priceBandBps: config.ROUTER_PRICE_BAND_BPS,
      rateLimit: {
        maxOrders: config.ROUTER_MAX_ORDERS_PER_WINDOW,
        windowNs: BigInt(config.ROUTER_RATE_WINDOW_MS) * MS,
      },
    },
    venue: {
      latencyNs: BigInt(config.ROUTER_PAPER_LATENCY_MS) * MS,
      slippageBps: config.ROUTER_PAPER_SLIPPAGE_BPS,
      commissionBps: config.ROUTER_PAPER_COMMISSION_BPS,
      unsizedQuotes: config.ROUTER_UNSIZED_QUOTES,
    },
  };
}
