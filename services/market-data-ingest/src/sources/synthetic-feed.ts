// A deterministic quote feed for demos and tests: each symbol's mid follows a geometric
// Brownian motion driven by a seeded PRNG, so the same options give the same records on
// every run and machine, and event time is derived from the record's index, never the clock.
import { SourceConfigError } from '../errors.ts';
import type { SourceRecord } from '../source-record.ts';
import { mulberry32, normals } from '../synthetic/random.ts';
import { formatTicks, type TickSize, tickSize } from '../synthetic/tick-size.ts';
import { finishRecord } from '../validate.ts';

export interface SyntheticFeedOptions {
  /** The symbols quoted, in turn (round robin). */
  readonly symbols: readonly string[];
  /** PRNG seed (an unsigned 32-bit integer): the same seed gives the same records. */
  readonly seed: number;
  /** Quotes per second of event time, over all symbols. Default 1000. */
  readonly ratePerSecond?: number;
  /** Bid–ask spread in basis points of the mid (1 bp = 0.01 %), rounded to whole ticks, at least one. */
  readonly spreadBps: number;
  /** Every symbol's first mid price. */
  readonly startPrice: number;
  /** Annualised volatility as a fraction: 0.8 is 80 % a year. Drift is zero. */
  readonly volatility: number;
  /** Event time of the first quote, in ns since the Unix epoch. */
  readonly startTimeNs: bigint;
  /** How many quotes in all; unbounded when absent. */
  readonly count?: number;
  /** Price grid. Default "0.01". */
  readonly tickSize?: string;
  /** Venue of every quote. Default "synthetic". */
  readonly venue?: string;
}

const SECONDS_PER_YEAR = 365 * 24 * 3600;
const SIZE_TICK = tickSize('0.001');
/** Quote sizes are 1 to MAX_SIZE_LOTS lots of 0.001. */
const MAX_SIZE_LOTS = 5000;

interface FeedPlan {
  readonly symbols: readonly string[];
  readonly seed: number;
  readonly stepNs: bigint;
  readonly spreadBps: number;
  readonly startPrice: number;
  readonly volatility: number;
  readonly startTimeNs: bigint;
  readonly count: number;
  readonly tick: TickSize;
  readonly venue: string;
  /** Each symbol's time between two of its quotes, in years. */
  readonly symbolStepYears: number;
}

/**
 * A seeded, deterministic feed of quotes: `line` is the quote's 1-based number, ts_event
 * advances by 1/ratePerSecond per quote from startTimeNs, and ts_init equals ts_event.
 * Prices are on the tick grid, positive, with bid < ask.
 *
 * @throws SourceConfigError for bad options, at once.
 */
export function syntheticFeed(options: SyntheticFeedOptions): AsyncIterable<SourceRecord> {
  return generate(planFeed(options));
}

async function* generate(plan: FeedPlan): AsyncGenerator<SourceRecord> {
  const random = mulberry32(plan.seed);
  const normal = normals(random);
  const mids = plan.symbols.map(() => plan.startPrice);
  // GBM over one step: S·exp((μ − σ²/2)·dt + σ·√dt·Z), with μ = 0.
  const drift = -0.5 * plan.volatility ** 2 * plan.symbolStepYears;
  const diffusion = plan.volatility * Math.sqrt(plan.symbolStepYears);
  for (let index = 0; index < plan.count; index++) {
    const slot = index % plan.symbols.length;
    let mid = mids[slot] ?? plan.startPrice;
    if (index >= plan.symbols.length) {
      const next = mid * Math.exp(drift + diffusion * normal());
      // A pathological volatility could overflow or underflow: hold the price instead.
      if (Number.isFinite(next) && next > 0) mid = next;
      mids[slot] = mid;
    }
    const ts_event = plan.startTimeNs + BigInt(index) * plan.stepNs;
    yield finishRecord({
      line: index + 1,
      raw: `synthetic quote ${index + 1}`,
      data: quoteAt(plan, plan.symbols[slot] ?? '', mid, random),
      ts_event,
      ts_init: ts_event,
    });
  }
}

function quoteAt(plan: FeedPlan, symbol: string, mid: number, random: () => number): unknown {
  const spreadTicks = Math.max(1, Math.round((mid * plan.spreadBps) / 10_000 / plan.tick.value));
  const bidTicks = Math.max(1, Math.round(mid / plan.tick.value - spreadTicks / 2));
  const lots = () => 1 + Math.floor(random() * MAX_SIZE_LOTS);
  return {
    kind: 'quote',
    symbol,
    venue: plan.venue,
    bid_price: formatTicks(bidTicks, plan.tick),
    bid_size: formatTicks(lots(), SIZE_TICK),
    ask_price: formatTicks(bidTicks + spreadTicks, plan.tick),
    ask_size: formatTicks(lots(), SIZE_TICK),
  };
}

function planFeed(options: SyntheticFeedOptions): FeedPlan {
  const rate = options.ratePerSecond ?? 1000;
  const count = options.count ?? Number.POSITIVE_INFINITY;
  const fail = (message: string) => {
    throw new SourceConfigError(`synthetic feed: ${message}`);
  };
  if (options.symbols.length === 0) fail('needs at least one symbol');
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
    fail(`seed must be an unsigned 32-bit integer, got ${options.seed}`);
  }
  if (!(rate > 0 && rate <= 1e9)) fail(`ratePerSecond must be > 0 and at most 1e9, got ${rate}`);
  if (!(options.spreadBps >= 0 && Number.isFinite(options.spreadBps))) fail('spreadBps must be 0 or more');
  if (!(options.startPrice > 0 && Number.isFinite(options.startPrice))) fail('startPrice must be > 0');
  if (!(options.volatility >= 0 && Number.isFinite(options.volatility))) fail('volatility must be 0 or more');
  if (options.startTimeNs < 0n) fail('startTimeNs must be 0 or more');
  if (!(count === Number.POSITIVE_INFINITY || (Number.isSafeInteger(count) && count >= 0))) {
    fail(`count must be a non-negative integer, got ${count}`);
  }
  const plan: FeedPlan = {
    symbols: options.symbols,
    seed: options.seed,
    stepNs: BigInt(Math.round(1e9 / rate)),
    spreadBps: options.spreadBps,
    startPrice: options.startPrice,
    volatility: options.volatility,
    startTimeNs: options.startTimeNs,
    count,
    tick: tickSize(options.tickSize ?? '0.01'),
    venue: options.venue ?? 'synthetic',
    symbolStepYears: options.symbols.length / rate / SECONDS_PER_YEAR,
  };
  checkNames(plan);
  return plan;
}

// Symbols and venue are checked by the schema itself, once, so a typo fails at start-up
// instead of rejecting every record.
function checkNames(plan: FeedPlan): void {
  for (const symbol of plan.symbols) {
    const sample = finishRecord({
      line: 0,
      raw: '',
      data: quoteAt(plan, symbol, plan.startPrice, () => 0),
      ts_event: plan.startTimeNs,
    });
    if (!sample.ok) throw new SourceConfigError(`synthetic feed: ${sample.field}: ${sample.reason}`);
  }
}
