import type { VenueReport } from '../orders/order-report.ts';
import type { OrderState } from '../orders/order-state.ts';

/**
 * The top of book a venue decision is made against (the quote a signal carried). The sizes
 * are both present or both absent: an unsized quote (FX tick data has prices only) says the
 * sizes are unknown, not zero, and each venue decides explicitly what it does with one.
 */
export interface VenueQuote {
  bidPrice: string;
  bidSize?: string;
  askPrice: string;
  askSize?: string;
}

export interface VenueContext {
  quote: VenueQuote;
  /** Event time of the decision, in ns; reports are stamped relative to it. */
  tsEventNs: bigint;
}

/** A venue report with the event time (ns) it happened at. */
export interface TimedVenueReport {
  tsEventNs: bigint;
  report: VenueReport;
}

/** Where orders go. Implementations must be deterministic in (order, context). */
export interface Venue {
  /** Sends a NEW order; returns the venue's reports in order. */
  submit(order: OrderState, context: VenueContext): TimedVenueReport[];
  /** Offers a new quote to an order still resting (GTC); returns any executions. */
  onQuote(order: OrderState, context: VenueContext): TimedVenueReport[];
}
