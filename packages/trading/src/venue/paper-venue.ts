// A simulated venue: market orders take the quote they are given (buy at the ask, sell at
// the bid) up to the quoted size, with adverse slippage, taker commission and a fixed
// latency added to event time. A quote without sizes is handled as `unsizedQuotes` says.
// Pure and deterministic: the same order and quote give the same reports and execution ids
// on every run.
import { add, eq, gt, lt, max, min, mul, sign, sub } from '../money/arithmetic.ts';
import { type Decimal, formatDecimal, toDecimal } from '../money/decimal.ts';
import { div, round } from '../money/rounding.ts';
import type { FillReport, VenueReport } from '../orders/order-report.ts';
import type { OrderState } from '../orders/order-state.ts';
import type { TimedVenueReport, Venue, VenueContext, VenueQuote } from './venue.ts';

export interface PaperVenueOptions {
  /** Adverse price move per fill, in basis points of the touch price. Default "0". */
  slippageBps?: string;
  /** Taker commission in basis points of the fill's notional. Default "0". */
  commissionBps?: string;
  /** Added to the decision's event time to stamp reports, in ns. Default 0. */
  latencyNs?: bigint;
  /** Digits fill prices are rounded to (adversely). Default: the touch price's own digits. */
  priceScale?: number;
  /** Digits commissions are rounded to (half-even). Default 8. */
  commissionScale?: number;
  /**
   * What a quote without sizes does: 'unlimited' fills at the quote's price with unlimited
   * size (the whole remainder); 'reject' rejects a new order with a reason naming the unsized
   * quote, and gives a resting order no execution. Default 'reject': filling any size at the
   * touch is an assumption the user has to choose, not one a backtest should make silently.
   */
  unsizedQuotes?: UnsizedQuotes;
}

export const UNSIZED_QUOTES = ['unlimited', 'reject'] as const;
export type UnsizedQuotes = (typeof UNSIZED_QUOTES)[number];

interface ResolvedOptions {
  slippageBps: Decimal;
  commissionBps: Decimal;
  latencyNs: bigint;
  priceScale: number | undefined;
  commissionScale: number;
  unsizedQuotes: UnsizedQuotes;
}

const BPS = toDecimal('10000');

/** The id of the `index`-th execution (0-based) of `orderId`: stable across runs. */
export function paperExecutionId(orderId: string, index: number): string {
  return `${orderId}-x${index}`;
}

export function createPaperVenue(options: PaperVenueOptions = {}): Venue {
  const resolved: ResolvedOptions = {
    slippageBps: toDecimal(options.slippageBps ?? '0'),
    commissionBps: toDecimal(options.commissionBps ?? '0'),
    latencyNs: options.latencyNs ?? 0n,
    priceScale: options.priceScale,
    commissionScale: options.commissionScale ?? 8,
    unsizedQuotes: options.unsizedQuotes ?? 'reject',
  };
  if (sign(resolved.slippageBps) < 0 || sign(resolved.commissionBps) < 0 || resolved.latencyNs < 0n)
    throw new RangeError('slippageBps, commissionBps and latencyNs must be ≥ 0');
  if (!UNSIZED_QUOTES.includes(resolved.unsizedQuotes))
    throw new RangeError(
      `unsizedQuotes must be 'unlimited' or 'reject', got ${String(resolved.unsizedQuotes)}`,
    );

  return {
    submit(order, context) {
      const at = (report: VenueReport): TimedVenueReport => ({
        tsEventNs: context.tsEventNs + resolved.latencyNs,
        report,
      });
      if (order.time_in_force !== 'GTC' && order.time_in_force !== 'IOC')
        return [
          at({
            kind: 'rejected',
            order_id: order.order_id,
            reason: `time in force ${order.time_in_force} is not supported`,
          }),
        ];
      const { quote } = context;
      if (isUnsized(quote) && resolved.unsizedQuotes === 'reject')
        return [
          at({
            kind: 'rejected',
            order_id: order.order_id,
            reason: `unsized quote ${quote.bidPrice} / ${quote.askPrice}: no bid_size / ask_size to fill against (paper venue unsizedQuotes: 'reject')`,
          }),
        ];
      const reports = [at({ kind: 'accepted', order_id: order.order_id })];
      const execution = match(order, context, resolved);
      if (execution) reports.push(at(execution));
      const filledNow = execution ? execution.quantity : '0';
      const left = sub(sub(order.quantity, order.filled_quantity), filledNow);
      if (order.time_in_force === 'IOC' && gt(left, '0'))
        reports.push(
          at({ kind: 'canceled', order_id: order.order_id, reason: 'IOC: no more liquidity at the quote' }),
        );
      return reports;
    },
    onQuote(order, context) {
      if (order.status !== 'ACCEPTED' && order.status !== 'PARTIALLY_FILLED') return [];
      // A resting order is not rejected by a later quote: an unsized one just offers it nothing.
      if (isUnsized(context.quote) && resolved.unsizedQuotes === 'reject') return [];
      const execution = match(order, context, resolved);
      return execution ? [{ tsEventNs: context.tsEventNs + resolved.latencyNs, report: execution }] : [];
    },
  };
}

/** A quote without sizes (either one missing counts: there is no size to fill against). */
function isUnsized(quote: VenueQuote): boolean {
  return quote.bidSize === undefined || quote.askSize === undefined;
}

/**
 * The execution of `order`'s remainder against the quote, if it is marketable and there is
 * size; an unsized quote here (unsizedQuotes 'unlimited') has room for the whole remainder.
 */
function match(order: OrderState, { quote }: VenueContext, options: ResolvedOptions): FillReport | undefined {
  const buying = order.side === 'buy';
  const touch = toDecimal(buying ? quote.askPrice : quote.bidPrice);
  const remaining = sub(order.quantity, order.filled_quantity);
  const quoted = buying ? quote.askSize : quote.bidSize;
  const size = quoted === undefined || isUnsized(quote) ? remaining : toDecimal(quoted);
  if (sign(touch) <= 0 || sign(size) <= 0 || sign(remaining) <= 0) return undefined;
  const limit = order.limit_price === undefined ? undefined : toDecimal(order.limit_price);
  if (limit !== undefined && (buying ? gt(touch, limit) : lt(touch, limit))) return undefined;

  // Slippage always moves the price against the taker, rounded against it too, and never past the limit.
  const slip = div(options.slippageBps, BPS, { scale: options.slippageBps.scale + 4 }); // exact
  const slipped = round(mul(touch, buying ? add('1', slip) : sub('1', slip)), {
    scale: options.priceScale ?? touch.scale,
    rounding: buying ? 'ceiling' : 'floor',
  });
  let price = slipped;
  if (limit !== undefined) price = buying ? min(slipped, limit) : max(slipped, limit);
  if (sign(price) <= 0) return undefined;

  const quantity = min(remaining, size);
  const notional = mul(quantity, price);
  const exactCommission = div(mul(notional, options.commissionBps), BPS, {
    scale: notional.scale + options.commissionBps.scale + 4, // exact: dividing by 10^4
  });
  const commission = round(exactCommission, { scale: options.commissionScale, rounding: 'half-even' });
  return {
    kind: eq(quantity, remaining) ? 'fill' : 'partial_fill',
    order_id: order.order_id,
    execution_id: paperExecutionId(order.order_id, order.execution_ids.length),
    quantity: formatDecimal(quantity),
    price: formatDecimal(price),
    commission: formatDecimal(commission),
    liquidity: 'taker',
  };
}
