// One rung of the ladder: hold a tick rate on a side, sampling how much is queued, then wait
// for everything to finish. Kept up = the feed reached the rate, the queue stayed under a
// second's worth of ticks, and the pipeline was done soon after the feed stopped.
import { partitionKeys } from '@tickflow/events';
import { entryIdMs, namespaceDrained } from '@tickflow/streams';
import { WaitTimeoutError, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { PARTITIONS } from '../options.ts';
import { sampleLag } from './lag-sampler.ts';
import { LAG_BOUND_S, MIN_RATE_SHARE, type PipelinePlan } from './plan.ts';
import type { PipelineSide } from './side.ts';

export interface StepFigures {
  readonly ratePerS: number;
  /** Ticks appended per second, first to last append. */
  readonly achievedPerS: number;
  /** Highest total queued across the groups (entries). */
  readonly maxQueued: number;
  /** From the feed's end until all was done; undefined when not within the plan's drainMs. */
  readonly drainedAfterMs: number | undefined;
  readonly keptUp: boolean;
  /** Every tick of this step was appended at or after this time (epoch ms). */
  readonly fromMs: number;
}

/** Holds `ratePerS` for the plan's time: the `run`-th feed of this side. */
export async function runStep(
  redis: Redis,
  side: PipelineSide,
  plan: PipelinePlan,
  ratePerS: number,
  run: number,
): Promise<StepFigures> {
  const lengthBefore = await marketDataLength(redis, side.namespace);
  // The previous step is done: nothing of it is appended after this instant.
  const fromMs = Date.now() + 1;
  const sampler = sampleLag(redis, side.namespace);
  let drainedAfterMs: number | undefined;
  try {
    await side.feed(ratePerS, Math.round(ratePerS * plan.seconds), run);
    drainedAfterMs = await waitDrained(redis, side.namespace, plan.drainMs);
  } catch (error) {
    await sampler.stop().catch(() => undefined);
    throw error;
  }
  const maxQueued = await sampler.stop();
  const appended = (await marketDataLength(redis, side.namespace)) - lengthBefore;
  const spanMs = await appendSpanMs(redis, side.namespace, fromMs);
  const achievedPerS = spanMs > 0 ? ((appended - 1) * 1000) / spanMs : 0;
  const keptUp =
    achievedPerS >= MIN_RATE_SHARE * ratePerS &&
    maxQueued <= ratePerS * LAG_BOUND_S &&
    drainedAfterMs !== undefined;
  return { ratePerS, achievedPerS, maxQueued, drainedAfterMs, keptUp, fromMs };
}

/**
 * Ms until the side is seen drained twice in a row (the raw chain may ack an entry just before
 * its forward lands), or undefined at the deadline.
 */
export async function waitDrained(
  redis: Redis,
  namespace: string,
  timeoutMs: number,
): Promise<number | undefined> {
  const started = performance.now();
  let firstSeen: number | undefined;
  try {
    await waitFor(
      async () => {
        const done = await namespaceDrained(redis, namespace, PARTITIONS);
        const seen = firstSeen;
        firstSeen = done ? (firstSeen ?? performance.now()) : undefined;
        return done && seen !== undefined;
      },
      { timeoutMs, intervalMs: 50, description: `${namespace} to drain` },
    );
    return (firstSeen ?? performance.now()) - started;
  } catch (error) {
    if (error instanceof WaitTimeoutError) return undefined;
    throw error;
  }
}

const marketDataStreams = (namespace: string) =>
  Array.from({ length: PARTITIONS }, (_, p) => partitionKeys(namespace, 'market_data', p).stream);

async function marketDataLength(redis: Redis, namespace: string): Promise<number> {
  const lengths = await Promise.all(marketDataStreams(namespace).map((stream) => redis.xlen(stream)));
  return lengths.reduce((sum, length) => sum + length, 0);
}

/** Ms from the first to the last tick appended since `fromMs` (entry ids are append times). */
async function appendSpanMs(redis: Redis, namespace: string, fromMs: number): Promise<number> {
  const ends = await Promise.all(
    marketDataStreams(namespace).map(async (stream) => {
      const [first] = await redis.xrange(stream, `${fromMs}-0`, '+', 'COUNT', 1);
      const [last] = await redis.xrevrange(stream, '+', `${fromMs}-0`, 'COUNT', 1);
      return [first?.[0], last?.[0]].map((id) => (id === undefined ? undefined : entryIdMs(id)));
    }),
  );
  const firsts = ends.flatMap(([first]) => (first === undefined ? [] : [first]));
  const lasts = ends.flatMap(([, last]) => (last === undefined ? [] : [last]));
  return firsts.length === 0 ? 0 : Math.max(...lasts) - Math.min(...firsts);
}
