import { abs, lt, sign } from '../money/arithmetic.ts';
import { positionAfter } from './order-price.ts';
import {
  type OrderIntent,
  PASS,
  type RiskContext,
  type RiskLimits,
  type RiskResult,
  reject,
} from './types.ts';

/**
 * - `ACTIVE`: every order may pass (the other rules still apply)
 * - `REDUCING`: only orders that shrink |position| without crossing through zero to the other side
 * - `HALTED`: nothing passes
 */
export type KillSwitchMode = 'ACTIVE' | 'REDUCING' | 'HALTED';

export function checkKillSwitch(intent: OrderIntent, context: RiskContext, _limits: RiskLimits): RiskResult {
  switch (context.killSwitch) {
    case 'ACTIVE':
      return PASS;
    case 'HALTED':
      return reject('kill-switch', 'trading is halted');
    case 'REDUCING': {
      const after = positionAfter(intent, context);
      const reduces = lt(abs(after), abs(context.position)) && sign(after) !== -sign(context.position);
      return reduces ? PASS : reject('kill-switch', 'only orders that reduce the position are allowed');
    }
  }
}
