// Pipeline latency for the monitor: the causal chains of a sample of the newest fills of the
// last minute, their hops' p50 and p99. Each chain costs a few bounded stream searches, so the
// result is kept and recomputed at most every `everyMs`, a few chains at a time; a chain
// that cannot be found (trimmed, an undecodable neighbour) is left out of the sample.
import { InvalidEventError } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { BadInputError, NotFoundError } from '../errors.ts';
import { causalChain } from '../query/causal-chain.ts';
import type { Scope } from '../scope.ts';
import { type FillHops, fillHops, hopPercentiles } from './fill-hops.ts';
import { newestFills, type RecentFill } from './newest-fills.ts';
import type { LatencySummary } from './snapshot.ts';

export interface LatencySamplerOptions {
  /** Most fills whose chains are measured. */
  readonly sample: number;
  /** Least time between two computations, ms. */
  readonly everyMs: number;
  /** Only fills appended this recently are measured, ms. */
  readonly windowMs: number;
  /** Fills listed in latestFills. */
  readonly latest: number;
}

export interface LatencySampler {
  /** The summary as of `nowMs` (Redis' clock): the kept one unless it is `everyMs` old. */
  read(nowMs: number): Promise<LatencySummary>;
}

/** Most entries one search of a chain reads: bounds a chain's cost on a busy stream. */
const MAX_SCANNED_PER_SEARCH = 1_000;
/** Chains searched at once. */
const CONCURRENCY = 4;

export function createLatencySampler(
  redis: RedisClient,
  scope: Scope,
  options: LatencySamplerOptions,
): LatencySampler {
  let kept: LatencySummary | undefined;

  const hopsOf = async (fill: RecentFill): Promise<FillHops | undefined> => {
    try {
      const chain = await causalChain(redis, scope, fill.id, {
        type: 'fill',
        symbol: fill.symbol,
        maxScannedPerSearch: MAX_SCANNED_PER_SEARCH,
      });
      return fillHops(chain, fill.id);
    } catch (error) {
      // A monitor shows what it can: a fill trimmed since it was listed, or a chain entry
      // that does not decode, must not blank the whole panel. Redis errors still fail it.
      if (
        error instanceof NotFoundError ||
        error instanceof BadInputError ||
        error instanceof InvalidEventError
      )
        return undefined;
      throw error;
    }
  };

  const compute = async (nowMs: number): Promise<LatencySummary> => {
    const fills = await newestFills(redis, scope, Math.max(options.sample, options.latest));
    const recent = fills.filter((fill) => fill.appendMs >= nowMs - options.windowMs).slice(0, options.sample);
    const samples: FillHops[] = [];
    for (let from = 0; from < recent.length; from += CONCURRENCY) {
      const batch = await Promise.all(recent.slice(from, from + CONCURRENCY).map(hopsOf));
      for (const hops of batch) if (hops && Object.keys(hops).length > 0) samples.push(hops);
    }
    return {
      sampled: samples.length,
      hops: hopPercentiles(samples),
      latestFills: fills
        .slice(0, options.latest)
        .map(({ id, symbol, appendMs }) => ({ id, symbol, appendMs })),
      computedAt: nowMs,
    };
  };

  let computing: Promise<LatencySummary> | undefined;
  return {
    read(nowMs) {
      if (kept !== undefined && nowMs - kept.computedAt < options.everyMs) return Promise.resolve(kept);
      computing ??= compute(nowMs).then(
        (summary) => {
          kept = summary;
          computing = undefined;
          return summary;
        },
        (error: unknown) => {
          computing = undefined;
          throw error;
        },
      );
      return computing;
    },
  };
}
