// What can happen to an order: the router submitting it, then the venue's reports.
import type { OrderRequest } from './order-state.ts';

export interface SubmittedReport {
  kind: 'submitted';
  order: OrderRequest;
}

export interface AcceptedReport {
  kind: 'accepted';
  order_id: string;
}

export interface RejectedReport {
  kind: 'rejected';
  order_id: string;
  reason: string;
}

/** One execution. `fill` is the execution that completes the order; `partial_fill` any other. */
export interface FillReport {
  kind: 'partial_fill' | 'fill';
  order_id: string;
  execution_id: string;
  /** Positive decimal string. */
  quantity: string;
  /** Positive decimal string. */
  price: string;
  /** Non-negative decimal string, in the quote asset. */
  commission: string;
  liquidity: 'maker' | 'taker';
}

export interface CanceledReport {
  kind: 'canceled';
  order_id: string;
  reason?: string;
}

export interface ExpiredReport {
  kind: 'expired';
  order_id: string;
}

export type VenueReport = AcceptedReport | RejectedReport | FillReport | CanceledReport | ExpiredReport;
export type OrderReport = SubmittedReport | VenueReport;
