// The pre-trade checks for one signal's order: the trading package's rules against the
// signal's quote (the touch on the order's side is the reference price), or `no-quote`
// when the signal carries none.
import type { SignalEvent } from '@tickflow/events';
import {
  checkRisk,
  type RateLimiterState,
  type RiskLimits,
  type RiskRejection,
  type VenueQuote,
} from '@tickflow/trading';
import type { KillSwitchState } from './kill-switch.ts';

/** A rejection's rule: a trading risk rule, or `no-quote` for a signal without a quote. */
export type Rejection = Omit<RiskRejection, 'rule'> & { rule: RiskRejection['rule'] | 'no-quote' };

export interface RiskInputs {
  readonly position: string;
  readonly rateLimiter: RateLimiterState;
  readonly killSwitch: KillSwitchState;
  readonly limits: RiskLimits;
}

export function venueQuote(signal: SignalEvent): VenueQuote | undefined {
  const quote = signal.data.quote;
  if (quote === undefined) return undefined;
  const { bid_size, ask_size } = quote;
  // An unsized quote stays unsized: the venue's unsizedQuotes setting decides what it means.
  if (bid_size === undefined || ask_size === undefined)
    return { bidPrice: quote.bid_price, askPrice: quote.ask_price };
  return { bidPrice: quote.bid_price, bidSize: bid_size, askPrice: quote.ask_price, askSize: ask_size };
}

/** Every failing rule for a market order of `side` / `quantity` on the signal's symbol; [] = pass. */
export function riskRejections(
  signal: SignalEvent,
  { side, quantity }: { side: 'buy' | 'sell'; quantity: string },
  inputs: RiskInputs,
): Rejection[] {
  const quote = venueQuote(signal);
  if (quote === undefined)
    return [{ rule: 'no-quote', reason: 'the signal carries no quote to price, check and fill against' }];
  const verdict = checkRisk(
    { symbol: signal.data.symbol, side, quantity, orderType: 'market', tsEventNs: signal.ts_event },
    {
      position: inputs.position,
      referencePrice: side === 'buy' ? quote.askPrice : quote.bidPrice,
      quote,
      rateLimiter: inputs.rateLimiter,
      killSwitch: inputs.killSwitch,
    },
    inputs.limits,
  );
  return verdict.ok ? [] : verdict.rejections;
}
