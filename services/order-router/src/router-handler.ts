// The Signal handler: routes each signal with its strategy's book, publishes the orders
// and fills in order (each id derived from the signal, so a redelivery re-publishes the same
// ids and they are dropped as duplicates), counts risk rejections, then saves the new state —
// with the ack, in one atomic step.
//
// One book (position, open orders, rate limiter) per strategy: each strategy's signals reach
// a partition in an order fixed by that strategy alone, while how two strategies' signals
// interleave depends on timing. Keyed by strategy, every decision depends only on its own
// strategy's signals, so the same ticks give the same orders and fills on every run.
import type { SignalEvent } from '@tickflow/events';
import type { Logger } from '@tickflow/service';
import type { Handler, HandlerContext } from '@tickflow/streams';
import type { RiskRuleName } from '@tickflow/trading';
import { Counter, type Registry } from 'prom-client';
import type { KillSwitchState } from './kill-switch.ts';
import { EMPTY_ROUTER_STATE, type RouterState, type RouteSettings, routeSignal } from './route-signal.ts';

export const ORDER_ROUTER_GROUP = 'order-router';

/** A partition's state: one router book per strategy id. */
export type RouterBooks = Readonly<Record<string, RouterState>>;
const RULE_NAMES = [
  'kill-switch',
  'max-order-quantity',
  'max-order-notional',
  'max-position',
  'price-band',
  'order-rate',
] as const satisfies readonly RiskRuleName[];

export const RISK_REJECTIONS_METRIC = 'tickflow_risk_rejections_total';

/** `tickflow_risk_rejections_total{rule}`, every known rule at 0 from the start. */
export function riskRejectionsCounter(registry: Registry): Counter<'rule'> {
  const counter = new Counter({
    name: RISK_REJECTIONS_METRIC,
    help: 'Orders refused by the pre-trade risk checks, by rule (one order can count under several rules)',
    labelNames: ['rule'],
    registers: [registry],
  });
  for (const rule of [...RULE_NAMES, 'no-quote']) counter.inc({ rule }, 0);
  return counter;
}

export interface RouterHandlerOptions {
  readonly settings: RouteSettings;
  readonly killSwitch: () => KillSwitchState;
  readonly rejections: Counter<'rule'>;
  readonly logger: Logger;
}

export function routerHandler(options: RouterHandlerOptions): Handler<'signal'> {
  const { logger } = options;
  return async (signal: SignalEvent, context: HandlerContext) => {
    const books = context.state.get<RouterBooks>() ?? {};
    const strategy = signal.data.strategy_id;
    const routed = routeSignal(
      signal,
      books[strategy] ?? EMPTY_ROUTER_STATE,
      options.killSwitch(),
      options.settings,
    );
    for (const error of routed.refused)
      logger.error({ err: error, signal: signal.id }, 'venue report refused by the order state machine');
    // One round trip for the signal's orders and fills, each stream's events in their order.
    await context.publishAll(routed.events);
    if (routed.rejections.length > 0) {
      for (const { rule } of routed.rejections) options.rejections.inc({ rule });
      logger.info(
        { signal: signal.id, symbol: signal.data.symbol, rules: routed.rejections.map((r) => r.rule) },
        'order rejected by risk checks',
      );
    }
    context.state.set({ ...books, [strategy]: routed.state });
  };
}
