// A second, independent ledger computed straight from fill events, to check fill-recorder
// against: its own decimal arithmetic (bigint units + scale), none of the trading package's
// code. It follows the documented accounting rule (average cost; closing part of a position
// removes cost × closed / open, rounded half-even to max(16, the cost's scale); a full
// close removes all of it), one ledger per strategy and symbol, each execution once, in the
// order the fills were appended.
import type { FillEvent } from '@tickflow/events';

interface Dec {
  readonly units: bigint;
  readonly scale: number;
}

const ZERO: Dec = { units: 0n, scale: 0 };
const pow10 = (n: number) => 10n ** BigInt(n);

export function parseDec(text: string): Dec {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`not a decimal: ${text}`);
  const fraction = match[3] ?? '';
  const units = BigInt(`${match[2]}${fraction}`);
  return canonical({ units: match[1] ? -units : units, scale: fraction.length });
}

function canonical(value: Dec): Dec {
  let { units, scale } = value;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return { units, scale };
}

function aligned(a: Dec, b: Dec): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * pow10(scale - a.scale), b.units * pow10(scale - b.scale), scale];
}

const plus = (a: Dec, b: Dec): Dec => {
  const [x, y, scale] = aligned(a, b);
  return canonical({ units: x + y, scale });
};
const minus = (a: Dec, b: Dec): Dec => plus(a, { units: -b.units, scale: b.scale });
const times = (a: Dec, b: Dec): Dec => canonical({ units: a.units * b.units, scale: a.scale + b.scale });
const compare = (a: Dec, b: Dec): number => {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
};
const signOf = (a: Dec) => (a.units < 0n ? -1 : a.units > 0n ? 1 : 0);
const absOf = (a: Dec): Dec => ({ units: a.units < 0n ? -a.units : a.units, scale: a.scale });

/** a × b / c rounded half-even to `scale` places. */
function mulDivHalfEven(a: Dec, b: Dec, c: Dec, scale: number): Dec {
  // value = (a.u × b.u × 10^c.s) / (c.u × 10^(a.s + b.s)); scaled by 10^scale.
  let numerator = a.units * b.units * pow10(c.scale) * pow10(scale);
  let denominator = c.units * pow10(a.scale + b.scale);
  if (denominator < 0n) [numerator, denominator] = [-numerator, -denominator];
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let quotient = n / denominator;
  const twice = 2n * (n % denominator);
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient++;
  return canonical({ units: negative ? -quotient : quotient, scale });
}

export function formatDec(value: Dec): string {
  const digits = (value.units < 0n ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale);
  return `${value.units < 0n ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

export interface IndependentPosition {
  readonly strategy_id: string | null;
  readonly symbol: string;
  readonly quantity: string;
  readonly cost_basis: string;
  readonly realized_pnl: string;
  readonly commissions: string;
}

export interface IndependentLedger {
  /** Sorted by strategy, then symbol. */
  readonly positions: IndependentPosition[];
  /** realized + quantity × mark − cost − commissions over every position. */
  readonly netPnl: string;
  readonly fills: number;
}

interface Running {
  quantity: Dec;
  cost: Dec;
  realized: Dec;
  commissions: Dec;
}

export function independentLedger(fills: readonly FillEvent[]): IndependentLedger {
  const seen = new Set<string>();
  const running = new Map<string, Running & { strategy: string | null; symbol: string }>();
  const marks = new Map<string, FillEvent>();
  for (const fill of fills) {
    const { data } = fill;
    if (seen.has(data.execution_id)) continue;
    seen.add(data.execution_id);
    const mark = marks.get(data.symbol);
    if (
      mark === undefined ||
      fill.ts_event > mark.ts_event ||
      (fill.ts_event === mark.ts_event && data.execution_id > mark.data.execution_id)
    )
      marks.set(data.symbol, fill);
    const key = JSON.stringify([data.strategy_id ?? null, data.symbol]);
    const position = running.get(key) ?? {
      strategy: data.strategy_id ?? null,
      symbol: data.symbol,
      quantity: ZERO,
      cost: ZERO,
      realized: ZERO,
      commissions: ZERO,
    };
    running.set(key, position);
    applyFill(position, data.side === 'buy' ? 1 : -1, parseDec(data.quantity), parseDec(data.price));
    position.commissions = plus(position.commissions, parseDec(data.commission));
  }
  let net = ZERO;
  for (const p of running.values()) {
    const markPrice = parseDec(marks.get(p.symbol)?.data.price ?? '0');
    net = minus(plus(net, plus(p.realized, minus(times(p.quantity, markPrice), p.cost))), p.commissions);
  }
  const positions = [...running.values()]
    .map((p) => ({
      strategy_id: p.strategy,
      symbol: p.symbol,
      quantity: formatDec(p.quantity),
      cost_basis: formatDec(p.cost),
      realized_pnl: formatDec(p.realized),
      commissions: formatDec(p.commissions),
    }))
    .sort((a, b) => `${a.strategy_id}\0${a.symbol}`.localeCompare(`${b.strategy_id}\0${b.symbol}`));
  return { positions, netPnl: formatDec(net), fills: seen.size };
}

function applyFill(position: Running, direction: 1 | -1, quantity: Dec, price: Dec): void {
  let remaining = quantity;
  const held = signOf(position.quantity);
  if (held !== 0 && held !== direction) {
    const open = absOf(position.quantity);
    const closing = compare(remaining, open) < 0 ? remaining : open;
    const closedSigned = held > 0 ? closing : minus(ZERO, closing);
    const allocated =
      compare(closing, open) === 0
        ? position.cost
        : mulDivHalfEven(position.cost, closing, open, Math.max(16, position.cost.scale));
    position.realized = plus(position.realized, minus(times(closedSigned, price), allocated));
    position.quantity = minus(position.quantity, closedSigned);
    position.cost = minus(position.cost, allocated);
    remaining = minus(remaining, closing);
  }
  if (signOf(remaining) > 0) {
    const signed = direction > 0 ? remaining : minus(ZERO, remaining);
    position.quantity = plus(position.quantity, signed);
    position.cost = plus(position.cost, times(signed, price));
  }
}
