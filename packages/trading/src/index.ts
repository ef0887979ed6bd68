// @tickflow/trading — the pure trading domain the order-router and fill-recorder call.
// Money

// Ledger
export { applyFillToLedger, EMPTY_LEDGER, type Ledger } from './ledger/ledger.ts';
export {
  applyFill,
  averageEntryPrice,
  COST_ALLOCATION_SCALE,
  flatPosition,
  type LedgerFill,
  netPnl,
  type Position,
  replayFills,
  unrealizedPnl,
} from './ledger/position.ts';
export {
  abs,
  add,
  compare,
  eq,
  gt,
  gte,
  isZero,
  lt,
  lte,
  max,
  min,
  mul,
  neg,
  sign,
  sub,
  sum,
} from './money/arithmetic.ts';
export {
  type Decimal,
  type DecimalLike,
  formatDecimal,
  formatFixed,
  fromUnits,
  InvalidDecimalError,
  ONE,
  parseDecimal,
  toDecimal,
  ZERO,
} from './money/decimal.ts';
export {
  DivisionByZeroError,
  div,
  type RoundingMode,
  type RoundingOptions,
  round,
  roundToStep,
} from './money/rounding.ts';
// Orders
export {
  applyOrderEvent,
  MIN_AVG_PRICE_SCALE,
  type OrderTransition,
  remainingQuantity,
} from './orders/apply-order-event.ts';
export { OrderTransitionError, type OrderTransitionErrorCode } from './orders/errors.ts';
export type {
  AcceptedReport,
  CanceledReport,
  ExpiredReport,
  FillReport,
  OrderReport,
  RejectedReport,
  SubmittedReport,
  VenueReport,
} from './orders/order-report.ts';
export { isTerminal, type OrderRequest, type OrderState, TERMINAL_STATUSES } from './orders/order-state.ts';
export { toOrderPayload } from './orders/to-order-payload.ts';
// Risk
export { checkRisk, RISK_RULES, type RiskRule, type RiskVerdict } from './risk/check-risk.ts';
export { checkKillSwitch, type KillSwitchMode } from './risk/kill-switch.ts';
export { checkMaxOrderNotional } from './risk/max-order-notional.ts';
export { checkMaxOrderQuantity } from './risk/max-order-quantity.ts';
export { checkMaxPosition } from './risk/max-position.ts';
export { checkPriceBand } from './risk/price-band.ts';
export { checkOrderRate, EMPTY_RATE_LIMITER, type RateLimiterState, recordOrder } from './risk/rate-limit.ts';
export type {
  OrderIntent,
  RateLimit,
  RiskContext,
  RiskLimits,
  RiskRejection,
  RiskResult,
  RiskRuleName,
} from './risk/types.ts';
// Sizing
export {
  type SizedOrder,
  type Sizing,
  type SizingInput,
  sizeOrder,
  targetPosition,
} from './sizing/size-order.ts';
// Venue
export {
  createPaperVenue,
  type PaperVenueOptions,
  paperExecutionId,
  UNSIZED_QUOTES,
  type UnsizedQuotes,
} from './venue/paper-venue.ts';
export type { TimedVenueReport, Venue, VenueContext, VenueQuote } from './venue/venue.ts';
