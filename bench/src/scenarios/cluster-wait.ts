// The cost of `WAIT 1 <timeout>` after critical writes (decision 0025: a master can acknowledge
// a write and fail before its replica has it; WAIT narrows that window). On a master with one
// replica (two local redis-servers, the second `--replicaof` the first, no persistence as the
// bench's other servers), the project's publisher with and without a WAIT after each batch:
// burst throughput (publishAll of BATCH, then WAIT), and each event's publish latency at a
// fixed rate (publish call → published, and with WAIT → the WAIT after its tick's publishes
// returned). WAITAOF (Redis 7.2+) is detected and reported, not measured.
import { type AnyEvent, nowNs } from '@tickflow/events';
import { connect, createPublisher, type Publisher } from '@tickflow/streams';
import { startEphemeralRedis, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { BATCH, type BenchOptions, PARTITIONS } from '../options.ts';
import { paced } from '../pacer.ts';
import { sampleEvent, sampleEvents } from '../sample.ts';
import { quantile, rate } from '../stats.ts';

/** WAIT's timeout: a WAIT that reaches it returns 0 replicas (counted as a timeout). */
export const WAIT_TIMEOUT_MS = 1_000;
const SYNC_TIMEOUT_MS = 60_000;

export interface WaitFigures {
  readonly eventsPerS: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** WAITs sent, and those that returned before a replica acknowledged (timed out). */
  readonly waits: number;
  readonly timeouts: number;
}

export interface WaitCost {
  readonly without: WaitFigures;
  readonly with: WaitFigures;
  /** Whether WAITAOF exists on this Redis, in words. */
  readonly waitaof: string;
}

export async function waitCost(options: BenchOptions): Promise<WaitCost> {
  const master = await startEphemeralRedis();
  try {
    const replica = await startEphemeralRedis({
      extraArgs: ['--replicaof', master.host, String(master.port)],
    });
    try {
      const redis = await connect({ url: master.url }, 'commands');
      try {
        await waitFor(async () => /^slave0:.*state=online/m.test(await redis.info('replication')), {
          timeoutMs: SYNC_TIMEOUT_MS,
          description: 'the replica to be in sync',
        });
        return await measure(redis, options);
      } finally {
        redis.disconnect();
      }
    } finally {
      await replica.stop();
    }
  } finally {
    await master.stop();
  }
}

async function measure(redis: Redis, options: BenchOptions): Promise<WaitCost> {
  const publisher = createPublisher(redis, { namespace: 'bench-wait', partitions: PARTITIONS });
  let next = 0;
  const take = (count: number) => {
    const events = sampleEvents(next, count);
    next += count;
    return events;
  };
  const side: Side = { redis, publisher, take, options };
  // Both paths once before either is measured (JIT, connection buffers).
  const warmUp = { waits: 0, timeouts: 0 };
  await burst(side, Math.min(options.publishEvents, 20 * BATCH), warmUp);
  await latency(side, options.latencyWarmUpSeconds, warmUp);
  const run = async (waits: Waits | undefined): Promise<WaitFigures> => {
    const eventsPerS = await burst(side, options.publishEvents, waits);
    const latenciesMs = await latency(side, options.latencySeconds, waits);
    return {
      eventsPerS,
      p50Ms: quantile(latenciesMs, 0.5),
      p99Ms: quantile(latenciesMs, 0.99),
      waits: waits?.waits ?? 0,
      timeouts: waits?.timeouts ?? 0,
    };
  };
  const without = await run(undefined);
  const withWait = await run({ waits: 0, timeouts: 0 });
  return { without, with: withWait, waitaof: await describeWaitaof(redis) };
}

interface Side {
  readonly redis: Redis;
  readonly publisher: Publisher;
  readonly take: (count: number) => AnyEvent[];
  readonly options: BenchOptions;
}

/** WAITs sent, and those that returned before a replica acknowledged. */
interface Waits {
  waits: number;
  timeouts: number;
}

/** WAIT 1 on the publisher's connection (it covers every write sent on it before), counted. */
async function waitReplica(redis: Redis, waits: Waits): Promise<void> {
  const replicas = await redis.wait(1, WAIT_TIMEOUT_MS);
  waits.waits++;
  if (replicas < 1) waits.timeouts++;
}

/** events/s of publishAll per BATCH, each followed by a WAIT when `waits` is given. */
async function burst(side: Side, total: number, waits: Waits | undefined): Promise<number> {
  let busyMs = 0;
  for (let sent = 0; sent < total; sent += BATCH) {
    const events = side.take(Math.min(BATCH, total - sent));
    const started = performance.now();
    await side.publisher.publishAll(events);
    if (waits) await waitReplica(side.redis, waits);
    busyMs += performance.now() - started;
  }
  return rate(total, busyMs);
}

/**
 * Each event's latency at the latency rate, ms: its publish call → its tick's publishes
 * returned, and with `waits` the WAIT sent after them.
 */
async function latency(side: Side, seconds: number, waits: Waits | undefined): Promise<number[]> {
  const latenciesMs: number[] = [];
  await paced(side.options.latencyRatePerS, seconds, async (from, count) => {
    // Built before the clock starts for them, as the other scenarios' events.
    const events = Array.from({ length: count }, (_, k) => sampleEvent(from + k, nowNs()));
    const started: number[] = [];
    const calls: Promise<unknown>[] = [];
    for (const event of events) {
      started.push(performance.now());
      calls.push(side.publisher.publish(event));
    }
    await Promise.all(calls);
    if (waits) await waitReplica(side.redis, waits);
    const done = performance.now();
    for (const at of started) latenciesMs.push(done - at);
  });
  return latenciesMs;
}

/** WAITAOF (Redis 7.2+) waits for the AOF fsync of the master and/or replicas. */
async function describeWaitaof(redis: Redis): Promise<string> {
  const version = (await redis.info('server')).match(/redis_version:(\S+)/)?.[1] ?? '?';
  const [info] = (await redis.call('COMMAND', 'INFO', 'WAITAOF')) as unknown[];
  return info
    ? `WAITAOF exists on Redis ${version}; not measured (the bench's servers run without an AOF)`
    : `WAITAOF is not available on Redis ${version} (it needs 7.2+): only WAIT measured`;
}
