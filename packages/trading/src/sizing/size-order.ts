// Position-aware sizing: a signal says where the position should be; the order is the
// difference from where it is. Long/short targets are maxPosition × strength rounded DOWN
// (toward zero) to the lot size, so sizing never exceeds the configured maximum.
import type { Side } from '@tickflow/events';
import { gt, isZero, lt, mul, neg, sign, sub } from '../money/arithmetic.ts';
import { formatDecimal } from '../money/decimal.ts';
import { roundToStep } from '../money/rounding.ts';

export interface SizingInput {
  signal: 'long' | 'short' | 'flat';
  /** Conviction from 0 to 1 (decimal string, as on the Signal event). */
  strength: string;
  /** Current signed position. */
  currentPosition: string;
  /** Largest absolute target position (≥ 0). */
  maxPosition: string;
  /** Quantity step of the instrument (> 0). */
  lotSize: string;
}

export interface SizedOrder {
  side: Side;
  /** Positive decimal string. */
  quantity: string;
}

export interface Sizing {
  /** Signed target position. */
  targetPosition: string;
  /** The order that takes the position to the target; undefined when already there. */
  order: SizedOrder | undefined;
}

/** The signed target position for a signal. Throws RangeError on out-of-range inputs. */
export function targetPosition(
  input: Pick<SizingInput, 'signal' | 'strength' | 'maxPosition' | 'lotSize'>,
): string {
  if (lt(input.strength, '0') || gt(input.strength, '1'))
    throw new RangeError(`strength must be within [0, 1], got ${input.strength}`);
  if (sign(input.maxPosition) < 0) throw new RangeError(`maxPosition must be ≥ 0, got ${input.maxPosition}`);
  if (sign(input.lotSize) <= 0) throw new RangeError(`lotSize must be > 0, got ${input.lotSize}`);
  if (input.signal === 'flat') return '0';
  const size = roundToStep(mul(input.maxPosition, input.strength), input.lotSize, 'down');
  return formatDecimal(input.signal === 'long' ? size : neg(size));
}

/** The target for the signal and the order (side, quantity) = target − current, if any. */
export function sizeOrder(input: SizingInput): Sizing {
  const target = targetPosition(input);
  const delta = sub(target, input.currentPosition);
  if (isZero(delta)) return { targetPosition: target, order: undefined };
  const quantity = formatDecimal(sign(delta) > 0 ? delta : neg(delta));
  return { targetPosition: target, order: { side: sign(delta) > 0 ? 'buy' : 'sell', quantity } };
}
