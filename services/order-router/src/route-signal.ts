// One signal → the orders and fills it causes: a pure function of (signal, state, kill
// switch, settings). Sizing from the signal and the position; the risk checks against the
// signal's quote; accepted orders go to the venue as market IOC, each report applied with
// the order state machine. Every output is derived from the signal with a running index, so
// the same signal always gives the same event ids.
import { deriveEvent, type FillEvent, type OrderEvent, type SignalEvent } from '@tickflow/events';
import {
  applyFill,
  applyOrderEvent,
  EMPTY_RATE_LIMITER,
  flatPosition,
  isTerminal,
  type OrderState,
  type OrderTransitionError,
  type Position,
  type RateLimiterState,
  type RiskLimits,
  recordOrder,
  sizeOrder,
  toOrderPayload,
  type Venue,
  type VenueQuote,
} from '@tickflow/trading';
import type { KillSwitchState } from './kill-switch.ts';
import { type Rejection, riskRejections, venueQuote } from './risk.ts';

export const ROUTER_SCOPE = 'order-router';
export const VENUE_NAME = 'paper';

/** A partition's state: plain JSON, saved with the checkpoint. */
export interface RouterState {
  readonly positions: Readonly<Record<string, Position>>;
  /** Orders not yet terminal (market IOC orders end within their signal, so usually none). */
  readonly orders: Readonly<Record<string, OrderState>>;
  readonly rateLimiter: RateLimiterState;
}

export const EMPTY_ROUTER_STATE: RouterState = { positions: {}, orders: {}, rateLimiter: EMPTY_RATE_LIMITER };

export interface RouteSettings {
  readonly maxPosition: string;
  readonly lotSize: string;
  readonly limits: RiskLimits;
  readonly venue: Venue;
  readonly commissionAsset: string;
}

export interface Routed {
  readonly state: RouterState;
  /** In publish order. */
  readonly events: (OrderEvent | FillEvent)[];
  readonly rejections: Rejection[];
  /** Venue reports the state machine refused (never published). */
  readonly refused: OrderTransitionError[];
}

export const orderIdOf = (signalId: string) => `ord-${signalId}`;
export const clientOrderIdOf = (signalId: string) => `cl-${signalId}`;

export function routeSignal(
  signal: SignalEvent,
  state: RouterState,
  killSwitch: KillSwitchState,
  settings: RouteSettings,
): Routed {
  const { symbol } = signal.data;
  let position = state.positions[symbol] ?? flatPosition(symbol);
  const sizing = sizeOrder({
    signal: signal.data.signal,
    strength: signal.data.strength,
    currentPosition: position.quantity,
    maxPosition: settings.maxPosition,
    lotSize: settings.lotSize,
  });
  const nothing: Routed = { state, events: [], rejections: [], refused: [] };
  if (sizing.order === undefined) return nothing;
  const { side, quantity } = sizing.order;

  const events: (OrderEvent | FillEvent)[] = [];
  const refused: OrderTransitionError[] = [];
  const emitOrder = (order: OrderState, ts: bigint) =>
    events.push(
      deriveEvent(signal, {
        type: 'order',
        scope: ROUTER_SCOPE,
        index: events.length,
        ts_event: ts,
        data: toOrderPayload(order),
      }),
    );
  const submitted = applyOrderEvent(undefined, {
    kind: 'submitted',
    order: {
      order_id: orderIdOf(signal.id),
      client_order_id: clientOrderIdOf(signal.id),
      symbol,
      side,
      quantity,
      order_type: 'market',
      time_in_force: 'IOC',
      strategy_id: signal.data.strategy_id,
    },
  });
  if (!submitted.ok) return { ...nothing, refused: [submitted.error] };
  let order = submitted.order;

  const rejections = riskRejections(
    signal,
    { side, quantity },
    {
      position: position.quantity,
      rateLimiter: state.rateLimiter,
      killSwitch,
      limits: settings.limits,
    },
  );
  if (rejections.length > 0) {
    const reason = rejections.map((r) => `${r.rule}: ${r.reason}`).join('; ');
    const rejected = applyOrderEvent(order, {
      kind: 'rejected',
      order_id: order.order_id,
      reason: reason.length > 512 ? `${reason.slice(0, 509)}...` : reason,
    });
    if (rejected.ok) emitOrder(rejected.order, signal.ts_event);
    else refused.push(rejected.error);
    return { state, events, rejections, refused };
  }

  const quote = venueQuote(signal) as VenueQuote;
  const rateLimiter = recordOrder(state.rateLimiter, signal.ts_event, settings.limits.rateLimit);
  emitOrder(order, signal.ts_event);
  for (const { tsEventNs, report } of settings.venue.submit(order, { quote, tsEventNs: signal.ts_event })) {
    const next = applyOrderEvent(order, report);
    if (!next.ok) {
      refused.push(next.error);
      continue;
    }
    order = next.order;
    emitOrder(order, tsEventNs);
    if (report.kind !== 'fill' && report.kind !== 'partial_fill') continue;
    const fill = {
      symbol,
      side,
      quantity: report.quantity,
      price: report.price,
      commission: report.commission,
    };
    position = applyFill(position, fill);
    events.push(
      deriveEvent(signal, {
        type: 'fill',
        scope: ROUTER_SCOPE,
        index: events.length,
        ts_event: tsEventNs,
        data: {
          ...fill,
          order_id: order.order_id,
          execution_id: report.execution_id,
          commission_asset: settings.commissionAsset,
          liquidity: report.liquidity,
          venue: VENUE_NAME,
          strategy_id: signal.data.strategy_id,
        },
      }),
    );
  }
  const orders = { ...state.orders };
  if (isTerminal(order.status)) delete orders[order.order_id];
  else orders[order.order_id] = order;
  return {
    state: { positions: { ...state.positions, [symbol]: position }, orders, rateLimiter },
    events,
    rejections: [],
    refused,
  };
}
