import type { OrderStatus } from '@tickflow/events';

export type OrderTransitionErrorCode =
  /** A venue report for an order the router never submitted. */
  | 'UNKNOWN_ORDER'
  /** `submitted` for an order id already known. */
  | 'DUPLICATE_ORDER'
  /** The report names another order. */
  | 'ORDER_ID_MISMATCH'
  /** The report is not allowed in the order's status (incl. anything after a terminal state). */
  | 'INVALID_TRANSITION'
  /** An execution id already applied to this order. */
  | 'DUPLICATE_EXECUTION'
  /** The execution would take the filled quantity beyond the order quantity. */
  | 'OVERFILL'
  /** `fill` that does not complete the order, or `partial_fill` that does. */
  | 'FILL_KIND_MISMATCH'
  /** A quantity, price or commission that is not a valid decimal of the right sign. */
  | 'INVALID_REPORT';

/** A report the order state machine refuses; the order is left as it was. */
export class OrderTransitionError extends Error {
  readonly code: OrderTransitionErrorCode;
  readonly orderId: string;
  /** The order's status when the report arrived (undefined for an unknown order). */
  readonly status: OrderStatus | undefined;
  readonly reportKind: string;

  constructor(
    code: OrderTransitionErrorCode,
    details: { orderId: string; status: OrderStatus | undefined; reportKind: string; message: string },
    options?: ErrorOptions,
  ) {
    super(
      `${details.message} (order ${details.orderId}, ${details.reportKind} in ${details.status ?? 'no state'})`,
      options,
    );
    this.name = 'OrderTransitionError';
    this.code = code;
    this.orderId = details.orderId;
    this.status = details.status;
    this.reportKind = details.reportKind;
  }
}
