import { checkKillSwitch } from './kill-switch.ts';
import { checkMaxOrderNotional } from './max-order-notional.ts';
import { checkMaxOrderQuantity } from './max-order-quantity.ts';
import { checkMaxPosition } from './max-position.ts';
import { checkPriceBand } from './price-band.ts';
import { checkOrderRate } from './rate-limit.ts';
import type { OrderIntent, RiskContext, RiskLimits, RiskRejection, RiskResult } from './types.ts';

export type RiskRule = (intent: OrderIntent, context: RiskContext, limits: RiskLimits) => RiskResult;

/** Every rule, in the order their rejections are reported. */
export const RISK_RULES: readonly RiskRule[] = [
  checkKillSwitch,
  checkMaxOrderQuantity,
  checkMaxOrderNotional,
  checkMaxPosition,
  checkPriceBand,
  checkOrderRate,
];

export type RiskVerdict = { ok: true } | { ok: false; rejections: RiskRejection[] };

/** Runs every rule and returns all that fail (not just the first), or ok. */
export function checkRisk(intent: OrderIntent, context: RiskContext, limits: RiskLimits): RiskVerdict {
  const rejections: RiskRejection[] = [];
  for (const rule of RISK_RULES) {
    const result = rule(intent, context, limits);
    if (!result.ok) rejections.push({ rule: result.rule, reason: result.reason });
  }
  return rejections.length === 0 ? { ok: true } : { ok: false, rejections };
}
