// What the pipeline scenario runs: a ladder of tick rates, each held for a while, and what
// counts as keeping up. The first rate is also the one the latency is read at.
import { partitionOf } from '@tickflow/events';
import { PARTITIONS } from '../options.ts';

export interface PipelinePlan {
  /** Tick rates tried in order (ticks/s); the ladder stops at the first one not kept up. */
  readonly rates: readonly number[];
  /** Lower rates tried in order when not even the first was kept up, until one is. */
  readonly fallbackRates: readonly number[];
  /** How long each rate is held, s. */
  readonly seconds: number;
  /** How long the pipeline may take to finish everything once the feed stops, ms. */
  readonly drainMs: number;
}

export const LATENCY_RATE = 5_000;
/** Kept up: never more than this many seconds of ticks queued across the pipeline's groups. */
export const LAG_BOUND_S = 1;
/** Kept up: the feed reached at least this share of the rate asked for. */
export const MIN_RATE_SHARE = 0.95;
export const SAMPLE_EVERY_MS = 250;

export function pipelinePlan(quick: boolean): PipelinePlan {
  // Quick mode never steps down: it is a smoke run, and must stay short on a busy machine.
  return quick
    ? { rates: [LATENCY_RATE], fallbackRates: [], seconds: 2, drainMs: 10_000 }
    : {
        rates: [LATENCY_RATE, 10_000, 15_000, 20_000, 30_000, 40_000],
        fallbackRates: [2_500, 1_250],
        seconds: 30,
        drainMs: 5_000,
      };
}

/**
 * One symbol per partition (the first `SYM<i>USDT` hashing to each), so the feed's work
 * spreads over every partition: arbitrary symbols could leave some partitions idle.
 */
export const PIPELINE_SYMBOLS: readonly string[] = spreadSymbols();

function spreadSymbols(): string[] {
  const byPartition = new Map<number, string>();
  for (let i = 0; byPartition.size < PARTITIONS; i++) {
    const symbol = `SYM${i}USDT`;
    const partition = partitionOf(symbol, PARTITIONS);
    if (!byPartition.has(partition)) byPartition.set(partition, symbol);
  }
  return [...byPartition.values()];
}
