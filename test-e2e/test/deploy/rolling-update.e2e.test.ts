// A rolling update of order-router, replayed as Kubernetes performs it, without a cluster:
// two replicas named after their pods (TICKFLOW_CONSUMER_NAME from the downward API) while
// signals flow; a new pod started and ready, then an old one sent SIGTERM (maxSurge 1,
// maxUnavailable 0), until every replica is new. And a node lost instead: a replica
// SIGKILLed while it holds entries not yet acked, and a replacement pod started. Either way
// the outputs equal an undisturbed single replica's on the same input (every output once, per
// symbol in input order, nothing missing), a terminated replica exits 0 within its grace,
// and no consumer is left behind in the group: a stopped one leaves at once, a killed one is
// pruned once the entries it held have been claimed and handled.

import type { SignalEvent } from '@tickflow/events';
import { connect, namespaceDrained } from '@tickflow/streams';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { leaseHolders, leftBehind } from './group-consumers.ts';
import { killHoldingEntries, type Replica, startReplica, terminate } from './replicas.ts';
import { outputProblems, routerOutputs } from './router-outputs.ts';
import { type Feed, publishSignals, startFeed } from './signal-feed.ts';

const PARTITIONS = 8;
const GROUP = 'order-router';
const GRACE_MS = 10_000;
// Short, so a lost replica's partitions move (and its name is pruned) within seconds.
const LEASE_TTL_MS = 1_500;
const ROUTER_ENV = {
  ROUTER_MAX_POSITION: '10',
  ROUTER_LOT_SIZE: '0.01',
  ROUTER_MAX_ORDER_QTY: '15',
  ROUTER_PRICE_BAND_BPS: '50',
  ROUTER_PAPER_LATENCY_MS: '5',
  ROUTER_PAPER_SLIPPAGE_BPS: '1',
  ROUTER_PAPER_COMMISSION_BPS: '4',
};
/** Signals published between two steps of a rollout: events flow through every step. */
const FLOW = 150;

let server: EphemeralRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = await connect({ url: server.url }, 'commands');
});
// A test that fails mid-rollout leaves its feed running: stop it before Redis goes.
const feeds: Feed[] = [];
const feedInto = (namespace: string): Feed => {
  const feed = startFeed(redis, namespace, PARTITIONS);
  feeds.push(feed);
  return feed;
};
afterEach(async () => {
  await Promise.allSettled(feeds.splice(0).map((feed) => feed.stop()));
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

const envOf = (namespace: string) => ({
  REDIS_URL: server.url,
  TICKFLOW_NAMESPACE: namespace,
  TICKFLOW_PARTITIONS: String(PARTITIONS),
  TICKFLOW_LEASE_TTL_MS: String(LEASE_TTL_MS),
  SHUTDOWN_GRACE_MS: String(GRACE_MS),
  ...ROUTER_ENV,
});

const where = (namespace: string) => ({ namespace, partitions: PARTITIONS, group: GROUP });

async function untilDrained(namespace: string): Promise<void> {
  await waitFor(() => namespaceDrained(redis, namespace, PARTITIONS), {
    timeoutMs: 120_000,
    intervalMs: 100,
    description: `every signal in ${namespace} handled and acked`,
  });
}

async function untilFlowed(feed: Feed, count: number): Promise<void> {
  const mark = feed.published.length + count;
  await waitFor(() => feed.published.length >= mark, {
    timeoutMs: 30_000,
    description: `${count} more signals`,
  });
}

/** Waits until each of `replicas` holds at least one partition's lease. */
async function untilEachOwns(namespace: string, replicas: readonly Replica[]): Promise<void> {
  await waitFor(
    async () => {
      const holders = new Set((await leaseHolders(redis, namespace, 'signal', PARTITIONS, GROUP)).values());
      return replicas.every((replica) => holders.has(replica.consumer));
    },
    { timeoutMs: 30_000, description: `${replicas.map((r) => r.pod).join(', ')} each owning a partition` },
  );
}

/** Consumer names the group knows (on a stream or as members) other than `live`'s. */
function staleNames(namespace: string, live: readonly Replica[]): Promise<string[]> {
  const names = live.map((replica) => replica.consumer);
  return leftBehind(redis, namespace, 'signal', PARTITIONS, GROUP, names);
}

/** The outputs of one undisturbed replica over `input`, in a namespace of their own. */
async function referenceOutputs(namespace: string, input: readonly SignalEvent[]) {
  await publishSignals(redis, namespace, PARTITIONS, input);
  const replica = await startReplica('order-router-0000000000-refer', envOf(namespace));
  await untilDrained(namespace);
  const outputs = await routerOutputs(redis, namespace, PARTITIONS);
  expect((await terminate(replica)).exit).toBe(0);
  return outputs;
}

async function expectSameAsUndisturbed(namespace: string, input: readonly SignalEvent[]): Promise<void> {
  const outputs = await routerOutputs(redis, namespace, PARTITIONS);
  expect(outputProblems(outputs, input)).toEqual([]);
  const reference = await referenceOutputs(`${namespace}-ref`, input);
  const count = (views: Map<string, unknown[]>) => [...views.values()].reduce((n, v) => n + v.length, 0);
  expect(count(outputs)).toBe(count(reference));
  // Equal stream by stream, in order: nothing lost, nothing twice, per-symbol order kept.
  expect(Object.fromEntries(outputs)).toEqual(Object.fromEntries(reference));
}

describe('order-router across a rolling update', () => {
  it('replaces both replicas one at a time while signals flow: outputs as undisturbed, clean exits, no consumer left', async () => {
    const namespace = 'roll';
    const env = envOf(namespace);
    let live: Replica[] = await Promise.all([
      startReplica('order-router-7d9f8c6b5-abcde', env),
      startReplica('order-router-7d9f8c6b5-fghij', env),
    ]);
    await untilEachOwns(namespace, live);
    const feed = feedInto(namespace);
    for (const pod of ['order-router-5c4d3e2f1-klmno', 'order-router-5c4d3e2f1-pqrst']) {
      await untilFlowed(feed, FLOW);
      const fresh = await startReplica(pod, env);
      const old = live.at(-1) as Replica;
      await untilEachOwns(namespace, [...live, fresh]);
      await untilFlowed(feed, FLOW);

      const ended = await terminate(old);
      expect(ended.exit, old.process.output().slice(-2_000)).toBe(0);
      expect(ended.elapsedMs).toBeLessThan(GRACE_MS);
      live = [fresh, ...live.filter((replica) => replica !== old)];
      // A graceful stop leaves the group at once: no consumer, member or lease of it.
      expect(await staleNames(namespace, live), `left behind by ${old.pod}`).toEqual([]);
      expect([...(await leaseHolders(redis, namespace, 'signal', PARTITIONS, GROUP)).values()]).not.toContain(
        old.consumer,
      );
    }
    await untilFlowed(feed, FLOW);
    const input = await feed.stop();
    await untilDrained(namespace);

    expect(live.map((replica) => replica.pod).sort()).toEqual([
      'order-router-5c4d3e2f1-klmno',
      'order-router-5c4d3e2f1-pqrst',
    ]);
    for (const replica of live)
      expect(replica.consumer).toMatch(new RegExp(`^${GROUP}-${replica.pod}-[0-9a-f]{6}$`));
    expect(await staleNames(namespace, live), 'left behind by the rollout').toEqual([]);
    await expectSameAsUndisturbed(namespace, input);
    for (const replica of live) expect((await terminate(replica)).exit).toBe(0);
    expect(await staleNames(namespace, [])).toEqual([]);
  }, 240_000);

  it('loses a replica to SIGKILL while it holds unacked entries: they are claimed, handled once, and its name pruned', async () => {
    const namespace = 'lost';
    const env = envOf(namespace);
    const [survivor, lost] = await Promise.all([
      startReplica('order-router-7d9f8c6b5-abcde', env),
      startReplica('order-router-7d9f8c6b5-fghij', env),
    ]);
    await untilEachOwns(namespace, [survivor, lost]);
    const feed = feedInto(namespace);
    await untilFlowed(feed, FLOW);

    const leftPending = await killHoldingEntries(redis, lost, where(namespace));
    expect(leftPending).toBeGreaterThan(0);
    const replacement = await startReplica('order-router-5c4d3e2f1-uvwxy', env);
    const live = [survivor, replacement];
    // Its leases expire, its partitions move, its pending entries are claimed.
    await waitFor(
      async () => {
        const holders = await leaseHolders(redis, namespace, 'signal', PARTITIONS, GROUP);
        return holders.size === PARTITIONS && ![...holders.values()].includes(lost.consumer);
      },
      { timeoutMs: 30_000, description: 'every partition held by a live replica' },
    );
    await untilFlowed(feed, FLOW);
    const input = await feed.stop();
    await untilDrained(namespace);

    // Pruned by the partitions' new owners once idle twice the lease TTL with nothing pending.
    let stale: string[] = [];
    await waitFor(
      async () => {
        stale = await staleNames(namespace, live);
        return stale.length === 0;
      },
      {
        timeoutMs: 4 * LEASE_TTL_MS + 10_000,
        intervalMs: 100,
        description: `${lost.consumer} pruned from the group`,
      },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; still in the group: ${stale.join(', ')}`, { cause: error });
    });
    await expectSameAsUndisturbed(namespace, input);
    for (const replica of live) expect((await terminate(replica)).exit).toBe(0);
    expect(await staleNames(namespace, [])).toEqual([]);
  }, 240_000);
});
