// Backpressure: a producer publishing at about twice the consumer's speed for 30 s. The
// consumer's handler is artificially slow while the producer runs. Throughout, entries read
// but not acked stay within maxInFlight (by the runtime's own count, by what it reports
// consumed but not yet acked, and by the group's pending count in Redis), the process heap
// does not grow with the backlog (the backlog stays in Redis), and once the producer stops
// (and the overload with it: the handler is fast again) the lag drains to 0.
import { setTimeout as delay } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type MarketDataEvent, partitionKeys } from '@tickflow/events';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Consumer, connect, createConsumer, createPublisher, noopMetrics } from '../src/index.ts';
import { fastTick } from './support/fast-ticks.ts';
import { groupInfo } from './support/stream-inspect.ts';
import { seqOf, symbolName } from './support/ticks.ts';

const NAMESPACE = 'bp';
const GROUP = 'bp-check';
const PARTITIONS = 4;
const SYMBOLS = 20;
const MAX_IN_FLIGHT = 200;
const PRODUCE_FOR_MS = 30_000;
const HANDLER_DELAY_MS = 5;
const SAMPLE_EVERY_MS = 200;
/** Heap samples are taken every this many samples, right after a full GC when one can be forced. */
const HEAP_EVERY = 5;
const MB = 1024 * 1024;

let redis: EphemeralRedis;
beforeAll(async () => {
  redis = await startEphemeralRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('backpressure', () => {
  it('keeps in-flight work bounded and memory flat under a 2x overload, then drains', async () => {
    const commands = await connect({ url: redis.url }, 'commands');
    const monitor = await connect({ url: redis.url }, 'commands');
    const streams = Array.from(
      { length: PARTITIONS },
      (_, p) => partitionKeys(NAMESPACE, 'market_data', p).stream,
    );
    const gc = findGc();
    let consumer: Consumer | undefined;
    let producing: Promise<void> | undefined;
    let sampling: Promise<void> | undefined;
    let running = true;
    const done = new AbortController();
    try {
      const symbols = Array.from({ length: SYMBOLS }, (_, s) => symbolName(s));
      let inFlightMax = 0;
      let inFlightMin = 0;
      let consumed = 0;
      let acked = 0;
      let unackedMax = 0;
      let handled = 0;
      let slow = true;
      const lastSeq = new Map<string, number>();
      const orderErrors: string[] = [];

      consumer = createConsumer({
        connection: { url: redis.url },
        namespace: NAMESPACE,
        partitions: PARTITIONS,
        group: GROUP,
        maxInFlight: MAX_IN_FLIGHT,
        batchSize: 100,
        blockMs: 250,
        leaseTtlMs: 2_000,
        leaseRenewMs: 500,
        metrics: {
          ...noopMetrics,
          inFlight: (_group, count) => {
            inFlightMax = Math.max(inFlightMax, count);
            inFlightMin = Math.min(inFlightMin, count);
          },
          consumed: (_labels, count) => {
            consumed += count;
            unackedMax = Math.max(unackedMax, consumed - acked);
          },
          acked: (_labels, count) => {
            acked += count;
          },
        },
      });
      consumer.on('market_data', async (event: MarketDataEvent) => {
        if (slow) await delay(HANDLER_DELAY_MS);
        const seq = seqOf(event);
        const last = lastSeq.get(event.key) ?? -1;
        if (seq !== last + 1) orderErrors.push(`${event.key}#${seq} after #${last}`);
        lastSeq.set(event.key, seq);
        handled++;
      });
      await consumer.start();
      await waitFor(() => consumer?.ownedStreams().length === PARTITIONS, {
        timeoutMs: 15_000,
        description: 'the consumer owns every partition',
      });

      // The producer keeps about twice as many events published as the consumer has handled.
      const publisher = createPublisher(commands, { namespace: NAMESPACE, partitions: PARTITIONS });
      let published = 0;
      const began = performance.now();
      producing = (async () => {
        const nextSeq = new Map<string, number>();
        let turn = 0;
        while (performance.now() - began < PRODUCE_FOR_MS) {
          await waitFor(() => 2 * handled + MAX_IN_FLIGHT > published, {
            timeoutMs: 30_000,
            intervalMs: 10,
            signal: done.signal,
            description: `the consumer to move on (handled ${handled}, published ${published})`,
          });
          const wanted = Math.min(2 * handled + MAX_IN_FLIGHT - published, 500);
          const events: MarketDataEvent[] = [];
          for (let i = 0; i < wanted; i++) {
            const symbol = symbols[turn++ % SYMBOLS] as string;
            const seq = nextSeq.get(symbol) ?? 0;
            nextSeq.set(symbol, seq + 1);
            events.push(fastTick(symbol, seq));
          }
          await publisher.publishAll(events);
          published += events.length;
        }
      })();
      producing.catch(() => undefined); // awaited below; no unhandled rejection meanwhile

      const pendingSamples: number[] = [];
      const heapSamples: { atMs: number; heapUsed: number }[] = [];
      sampling = (async () => {
        for (let n = 0; running; n++) {
          pendingSamples.push(await totalPending(monitor, streams));
          if (n % HEAP_EVERY === 0) {
            gc?.();
            heapSamples.push({ atMs: performance.now() - began, heapUsed: process.memoryUsage().heapUsed });
          }
          await delay(SAMPLE_EVERY_MS); // sampling interval
        }
      })();
      sampling.catch(() => undefined); // awaited below

      await producing;
      const handledAtStop = handled;
      const lagAtStop = await totalLag(monitor, streams);
      slow = false;
      await waitFor(
        async () => {
          if (handled !== published) return false;
          for (const stream of streams) {
            const info = await groupInfo(monitor, stream, GROUP);
            if (info?.lag !== 0 || info?.pending !== 0) return false;
          }
          return true;
        },
        { timeoutMs: 30_000, description: `lag back to 0 (handled ${handled} of ${published})` },
      );
      running = false;
      await sampling;

      const half = PRODUCE_FOR_MS / 2;
      const heapMax = (from: number, to: number) =>
        Math.max(...heapSamples.filter((s) => s.atMs >= from && s.atMs < to).map((s) => s.heapUsed));
      const firstHalf = heapMax(0, half);
      const secondHalf = heapMax(half, PRODUCE_FOR_MS);
      const pendingMax = Math.max(...pendingSamples);
      console.info(
        `backpressure: published ${published}, handled ${handledAtStop} while producing, lag at stop ${lagAtStop}; ` +
          `in-flight max ${inFlightMax} (min ${inFlightMin}), consumed-not-acked max ${unackedMax}, ` +
          `pending max ${pendingMax}; heap max ${(firstHalf / MB).toFixed(1)} MB in the first half, ` +
          `${(secondHalf / MB).toFixed(1)} MB in the second (${gc ? 'after full GCs' : 'no GC could be forced'})`,
      );

      // The overload was real: the producer ran well ahead and a backlog built up in Redis.
      expect(published).toBeGreaterThan(1.5 * handledAtStop);
      expect(lagAtStop).toBeGreaterThan(MAX_IN_FLIGHT);
      // In-flight stayed bounded, and reads did wait at the bound.
      expect(inFlightMax).toBeLessThanOrEqual(MAX_IN_FLIGHT);
      expect(inFlightMax).toBeGreaterThanOrEqual(MAX_IN_FLIGHT / 2);
      expect(inFlightMin).toBe(0);
      expect(unackedMax).toBeLessThanOrEqual(MAX_IN_FLIGHT);
      expect(pendingMax).toBeLessThanOrEqual(MAX_IN_FLIGHT);
      // Memory did not grow with the backlog (over 10,000 entries by the end: holding them
      // would take well over 10 MB). After a full GC the heap is the live set, which stays
      // within a fraction of a MB here; without one, heapUsed also holds garbage awaiting
      // the next major GC, so only gross growth can be told apart.
      if (gc) expect(secondHalf).toBeLessThan(firstHalf + 4 * MB);
      else expect(secondHalf).toBeLessThan(3 * firstHalf + 64 * MB);
      // And the consumer got everything, in order per symbol.
      expect(orderErrors).toEqual([]);
      expect(handled).toBe(published);
    } finally {
      running = false;
      done.abort();
      await producing?.catch(() => undefined);
      await sampling?.catch(() => undefined);
      await consumer?.stop();
      commands.disconnect();
      monitor.disconnect();
    }
  }, 70_000);
});

/** Entries pending in GROUP over all `streams`, read at one instant (one MULTI). */
async function totalPending(redis: Redis, streams: readonly string[]): Promise<number> {
  const multi = redis.multi();
  for (const stream of streams) multi.xpending(stream, GROUP);
  const replies = ((await multi.exec()) ?? []) as [Error | null, [number, ...unknown[]]][];
  return replies.reduce((sum, [error, summary]) => {
    if (error) throw error;
    return sum + Number(summary[0]);
  }, 0);
}

async function totalLag(redis: Redis, streams: readonly string[]): Promise<number> {
  let lag = 0;
  for (const stream of streams) lag += Number((await groupInfo(redis, stream, GROUP))?.lag ?? 0);
  return lag;
}

/**
 * A function that runs a full GC: `gc` when node runs with --expose-gc, else the one V8 gives
 * a new context once the flag is set (as jest's leak detector does); undefined if neither works.
 */
function findGc(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}
