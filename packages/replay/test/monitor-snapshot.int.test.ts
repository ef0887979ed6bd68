// The monitor against a real Redis: two snapshots around more publishing give the totals
// and the rate in between; groups summed per type with the behind flag; dead letters per type
// and kind, counted incrementally; the hops of the newest fills' causal chains; replays passed
// through as the caller gives them.
import { EVENT_TYPES, type EventType, partitionKeys, partitionOf } from '@tickflow/events';
import { createPublisher } from '@tickflow/streams';
import { waitFor } from '@tickflow/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReplayProgress } from '../src/engine/progress.ts';
import { appendMsOf } from '../src/entry-ids.ts';
import { serverMs } from '../src/groups/group-replies.ts';
import { createMonitor, type Monitor } from '../src/monitor/monitor.ts';
import type { MonitorSnapshot } from '../src/monitor/snapshot.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { addDeadLetter } from './support/o-dead-letters.ts';
import { type PublishedChain, publishChain } from './support/q-chain.ts';
import { liveTrade, T0_NS } from './support/q-events.ts';

const scope = { namespace: 'mon', partitions: 2 };
const file = redisForThisFile();
const keys = (type: EventType, partition: number) => partitionKeys(scope.namespace, type, partition);
const run: ReplayProgress = {
  id: 'run-1',
  target: 'replay-run-1',
  state: 'paused',
  speed: '10x',
  total: 100,
  scanned: 40,
  skipped: 0,
  replayed: 40,
  present: 0,
  startedAt: 1_700_000_000_000,
  ratePerSec: 12.5,
};
let monitor: Monitor;
let chain: PublishedChain;
let first: MonitorSnapshot;

/** Entries in the type's streams (nothing is trimmed here, so every entry ever added). */
async function length(type: EventType): Promise<number> {
  const lengths = await Promise.all([0, 1].map((p) => file.redis.xlen(keys(type, p).stream)));
  return lengths.reduce((sum, n) => sum + n, 0);
}

async function redisNowMs(): Promise<number> {
  return serverMs(await file.redis.time());
}

beforeAll(async () => {
  monitor = createMonitor(file.redis, scope, { behind: { lag: 10 }, replays: () => [run] });
  chain = await publishChain(file.redis, scope, 'MON1', { fillsFromSignal: true });
  const md0 = keys('market_data', 0);
  // `reader` has everything delivered and acked; `lagging` has read nothing.
  await file.redis.xgroup('CREATE', md0.stream, 'reader', '$');
  await file.redis.set(md0.lease('reader'), 'worker-7|3');
  await file.redis.xgroup('CREATE', md0.stream, 'lagging', '0');
  // `holding` has every entry delivered and none acked.
  const sig0 = keys('signal', 0).stream;
  await file.redis.xgroup('CREATE', sig0, 'holding', '0');
  await file.redis.xreadgroup('GROUP', 'holding', 'h1', 'STREAMS', sig0, '>');
  expect(await file.redis.xlen(sig0)).toBeGreaterThan(0);

  await addDeadLetter(file.redis, md0, { kind: 'failed', fields: null });
  await addDeadLetter(file.redis, md0, { kind: 'failed', fields: null });
  const permanent = await addDeadLetter(file.redis, keys('signal', 1), { kind: 'permanent', fields: null });
  await file.redis.hset(keys('signal', 1).requeued, permanent, '1-1');
  first = await monitor.snapshot();
});

describe('createMonitor', () => {
  it('the first snapshot: every type total as published, no rate yet', async () => {
    expect(first.namespace).toBe('mon');
    expect(first.at).toBeLessThanOrEqual(await redisNowMs());
    for (const type of EVENT_TYPES) {
      expect(first.types[type], type).toEqual({ total: await length(type), ratePerSec: 0 });
    }
    expect(first.types.fill.total).toBe(2);
    expect(first.replays).toEqual([run]);
  });

  it('a second snapshot after more ticks: totals moved by exactly those, and the rate over the time between', async () => {
    // Symbols of partition 1 only: the groups of partition 0 stay where they are.
    const symbols = Array.from({ length: 40 }, (_, n) => `R${n}`).filter((s) => partitionOf(s, 2) === 1);
    const publisher = createPublisher(file.redis, scope);
    await publisher.publishAll(
      Array.from({ length: 50 }, (_, n) => liveTrade(symbols[n % 3] as string, T0_NS + BigInt(n))),
    );
    // Redis' clock must have moved for a rate to exist at all.
    await waitFor(async () => (await redisNowMs()) > first.at, { description: "Redis' clock to tick" });
    const second = await monitor.snapshot();
    const elapsedSec = (second.at - first.at) / 1_000;
    expect(second.types.market_data.total).toBe(first.types.market_data.total + 50);
    expect(second.types.market_data.ratePerSec).toBe(Math.round((50 / elapsedSec) * 100) / 100);
    expect(second.types.market_data.ratePerSec).toBeGreaterThan(0);
    for (const type of ['signal', 'order', 'fill'] as const) {
      expect(second.types[type], type).toEqual({ total: first.types[type].total, ratePerSec: 0 });
    }
  });

  it('sums each group per type and flags the ones behind', async () => {
    const snapshot = await monitor.snapshot();
    const md0Length = await file.redis.xlen(keys('market_data', 0).stream);
    const sig0Length = await file.redis.xlen(keys('signal', 0).stream);
    expect(snapshot.groups).toEqual([
      {
        group: 'holding',
        type: 'signal',
        lag: 0,
        pending: sig0Length,
        oldestPendingMs: expect.any(Number),
        consumers: 1,
        leaseOwners: [],
        circuits: [],
        circuitOpen: false,
        behind: false,
      },
      {
        group: 'lagging',
        type: 'market_data',
        lag: md0Length,
        pending: 0,
        oldestPendingMs: null,
        consumers: 0,
        leaseOwners: [],
        circuits: [],
        circuitOpen: false,
        behind: true,
      },
      {
        group: 'reader',
        type: 'market_data',
        lag: 0,
        pending: 0,
        oldestPendingMs: null,
        consumers: 0,
        leaseOwners: ['worker-7'],
        circuits: [],
        circuitOpen: false,
        behind: false,
      },
    ]);
  });

  it('counts dead letters per type and kind, and those added since the last snapshot', async () => {
    expect(first.deadLetters).toEqual({
      total: 3,
      requeued: 1,
      byType: { market_data: 2, signal: 1 },
      byKind: { failed: 2, permanent: 1 },
    });
    await addDeadLetter(file.redis, keys('fill', 1), { kind: 'invalid', fields: null });
    await addDeadLetter(file.redis, keys('market_data', 0), { kind: 'permanent', fields: null });
    expect((await monitor.snapshot()).deadLetters).toEqual({
      total: 5,
      requeued: 1,
      byType: { market_data: 3, signal: 1, fill: 1 },
      byKind: { failed: 2, permanent: 2, invalid: 1 },
    });
  });

  it('measures the hops of the newest fills from their causal chains, and lists them', () => {
    const at = (id: string) => appendMsOf(chain.at.get(id)?.entryId ?? 'missing');
    const [fill0, fill1] = chain.fills.map((fill) => fill.id) as [string, string];
    const tickToFill = [at(fill0), at(fill1)].map((ms) => ms - at(chain.tick.id));
    const orderToFill = [at(fill0), at(fill1)].map((ms) => ms - at(chain.order.id));
    expect(first.latency.sampled).toBe(2);
    expect(first.latency.hops).toEqual({
      'tick→signal': {
        p50Ms: at(chain.signal.id) - at(chain.tick.id),
        p99Ms: at(chain.signal.id) - at(chain.tick.id),
      },
      'signal→order': {
        p50Ms: at(chain.order.id) - at(chain.signal.id),
        p99Ms: at(chain.order.id) - at(chain.signal.id),
      },
      'order→fill': { p50Ms: Math.min(...orderToFill), p99Ms: Math.max(...orderToFill) },
      'tick→fill': { p50Ms: Math.min(...tickToFill), p99Ms: Math.max(...tickToFill) },
    });
    expect(first.latency.latestFills).toEqual([
      { id: fill1, symbol: 'MON1', appendMs: at(fill1) },
      { id: fill0, symbol: 'MON1', appendMs: at(fill0) },
    ]);
  });

  it('samples at most latencySample fills', async () => {
    const one = await createMonitor(file.redis, scope, { latencySample: 1 }).snapshot();
    expect(one.latency.sampled).toBe(1);
    expect(one.latency.latestFills).toHaveLength(2);
  });
});

describe('a quiet namespace', () => {
  it('flags a group whose oldest pending entry is over 30 s old, even with little lag and pending', async () => {
    const aged = { namespace: 'mon-age', partitions: 2 };
    const stream = partitionKeys(aged.namespace, 'order', 0).stream;
    const nowMs = await redisNowMs();
    await file.redis.xadd(stream, `${nowMs - 45_000}-0`, 'n', '1');
    await file.redis.xgroup('CREATE', stream, 'stuck', '0');
    await file.redis.xreadgroup('GROUP', 'stuck', 's1', 'COUNT', 1, 'STREAMS', stream, '>');
    const snapshot = await createMonitor(file.redis, aged).snapshot();
    expect(snapshot.groups).toHaveLength(1);
    expect(snapshot.groups[0]).toMatchObject({ group: 'stuck', lag: 0, pending: 1, behind: true });
    expect(snapshot.groups[0]?.oldestPendingMs).toBeGreaterThanOrEqual(45_000);
    expect(snapshot.types.order).toEqual({ total: 1, ratePerSec: 0 });
    expect(snapshot.latency).toMatchObject({ sampled: 0, hops: {}, latestFills: [] });
    expect(snapshot.deadLetters).toEqual({ total: 0, requeued: 0, byType: {}, byKind: {} });
  });

  it('keeps the latency between computations, however often snapshots are taken', async () => {
    const cached = { namespace: 'mon-cache', partitions: 2 };
    await publishChain(file.redis, cached, 'C1');
    const slow = createMonitor(file.redis, cached, { latencyEveryMs: 60_000 });
    const before = await slow.snapshot();
    expect(before.latency.sampled).toBe(2);
    await publishChain(file.redis, cached, 'C2');
    const after = await slow.snapshot();
    expect(after.types.fill.total).toBe(4);
    expect(after.latency).toEqual(before.latency);
    const fresh = await createMonitor(file.redis, cached).snapshot();
    expect(fresh.latency.sampled).toBe(4);
    expect(fresh.latency.latestFills.map((fill) => fill.symbol)).toEqual(['C2', 'C2', 'C1', 'C1']);
  });

  it('gives a null lag when one partition cannot tell it, never a partial sum', async () => {
    const gap = { namespace: 'mon-gap', partitions: 2 };
    for (const partition of [0, 1]) {
      const stream = partitionKeys(gap.namespace, 'signal', partition).stream;
      for (let n = 1; n <= 3; n++) await file.redis.xadd(stream, `${n}-0`, 'n', `${n}`);
      await file.redis.xgroup('CREATE', stream, 'late', '0');
    }
    const monitorOfGap = createMonitor(file.redis, gap);
    expect((await monitorOfGap.snapshot()).groups).toMatchObject([{ group: 'late', lag: 6 }]);
    // Deleting past the group's position leaves Redis unable to count partition 0's lag.
    await file.redis.xdel(partitionKeys(gap.namespace, 'signal', 0).stream, '2-0');
    expect((await monitorOfGap.snapshot()).groups).toMatchObject([
      { group: 'late', lag: null, behind: false },
    ]);
  });
});
