// Faults of a Redis Cluster's master, for tests of what clients lose or repeat across one:
// - failoverMaster: a coordinated `CLUSTER FAILOVER` run on one of the master's replicas. The
//   master stops its clients, the replica catches up with its replication offset, then takes
//   over; the former master becomes its replica. Nothing acknowledged is lost by design.
// - killMaster: SIGKILL. The other masters mark it failing after `cluster-node-timeout` and its
//   replica is elected. Replication is asynchronous: what the master acknowledged and had not
//   yet sent to the replica is gone from the cluster (its own AOF is on a dead node).
// Each resolves once every live node agrees on the new master, its slots and cluster_state:ok,
// so that a test's measurements start from a settled cluster.
import {
  askNode,
  type ClusterMaster,
  clusterMasters,
  liveServerIndexes,
  type MasterSelector,
  readClusterView,
  replicasNotInSync,
  type SlotRange,
  sameSlots,
  selectMaster,
} from './cluster-nodes.ts';
import { RedisClusterError } from './errors.ts';
import { positiveMs } from './option-checks.ts';
import type { RedisCluster, RedisClusterNode, RedisClusterOptions } from './redis-cluster.ts';
import { waitFor } from './wait-for.ts';

/** What a failover or a kill left: who served the slots, who serves them now, and how long it took. */
export interface MasterReplaced {
  readonly former: RedisClusterNode;
  readonly formerIndex: number;
  readonly promoted: RedisClusterNode;
  readonly promotedIndex: number;
  readonly slots: readonly SlotRange[];
  /** From the command (or the SIGKILL) until every live node agreed, in milliseconds. */
  readonly tookMs: number;
}

/** Options of {@link failoverMaster} and {@link killMaster}. */
export interface MasterFaultOptions {
  /** How long the cluster may take to agree on the new master, in milliseconds. Default 60 000. */
  readonly timeoutMs?: number;
}

/**
 * Waits until every replica is known as one by every node and is synced with its master.
 * The fault helpers call it first; a test may call it before measuring anything.
 *
 * @throws {RedisClusterError} when that is not so within `timeoutMs` (default 60 000).
 */
export async function waitForReplicas(cluster: RedisCluster, timeoutMs = 60_000): Promise<void> {
  let lag = '';
  try {
    await waitFor(
      async () => {
        lag = await replicasNotInSync(cluster);
        return lag === '';
      },
      {
        timeoutMs,
        intervalMs: POLL_INTERVAL_MS,
        description: 'every replica attached and synced',
      },
    );
  } catch (error) {
    throw new RedisClusterError(`the replicas did not sync in ${timeoutMs} ms: ${lag}`, { cause: error });
  }
}

/** redis-server persists every write before answering it: a restarted node keeps what it acknowledged. */
export const DURABLE_NODE_ARGS: readonly string[] = ['--appendonly', 'yes', '--appendfsync', 'always'];

/**
 * Options for a cluster meant for fault tests: 3 masters with one replica each, every node
 * fsyncing its AOF on every write, and a 2 s `cluster-node-timeout` so that a killed master's
 * replica is elected within seconds. `more` overrides any of them (its extraArgs are added).
 */
export function durableClusterOptions(more: RedisClusterOptions = {}): RedisClusterOptions {
  return {
    masters: 3,
    replicasPerMaster: 1,
    nodeTimeoutMs: 2_000,
    ...more,
    extraArgs: [...DURABLE_NODE_ARGS, ...(more.extraArgs ?? [])],
  };
}

// Redis aborts a manual failover that has not completed within 5 s (CLUSTER_MF_TIMEOUT), e.g.
// when the replica is slow to catch up on a loaded machine; it is then asked again.
const MANUAL_FAILOVER_RETRY_MS = 6_000;
const POLL_INTERVAL_MS = 100;

/**
 * Runs `CLUSTER FAILOVER` on a replica of the selected master and resolves when every live
 * node sees that replica as the master of the same slots, the former master as its replica,
 * and cluster_state:ok.
 *
 * @throws {TestkitOptionError} when `selector` names no master.
 * @throws {RedisClusterError} when the master has no live replica, or the cluster does not agree in time.
 */
export async function failoverMaster(
  cluster: RedisCluster,
  selector: MasterSelector,
  options: MasterFaultOptions = {},
): Promise<MasterReplaced> {
  const timeoutMs = positiveMs(options.timeoutMs, 60_000, 'timeoutMs');
  const { master, replica } = await masterAndReplica(cluster, selector);
  const replicaNode = cluster.nodes[replica.serverIndex] as RedisClusterNode;
  const started = performance.now();
  let askedAt = started;
  await askNode(replicaNode, ['CLUSTER', 'FAILOVER']);
  await untilAgreed(
    cluster,
    { master, promotedId: replica.id, formerIsReplica: true },
    timeoutMs,
    async () => {
      if (performance.now() - askedAt < MANUAL_FAILOVER_RETRY_MS) return;
      askedAt = performance.now();
      await askNode(replicaNode, ['CLUSTER', 'FAILOVER']);
    },
  );
  return replaced(cluster, master, replica.serverIndex, performance.now() - started);
}

/**
 * SIGKILLs the selected master and resolves when every live node sees one of its replicas as
 * the master of its slots, with cluster_state:ok. The killed node stays down (its data
 * directory is kept: `cluster.servers[formerIndex].restart()` brings it back as a replica).
 *
 * @throws {TestkitOptionError} when `selector` names no master.
 * @throws {RedisClusterError} when the master has no live replica, or the cluster does not agree in time.
 */
export async function killMaster(
  cluster: RedisCluster,
  selector: MasterSelector,
  options: MasterFaultOptions = {},
): Promise<MasterReplaced> {
  const { master } = await masterAndReplica(cluster, selector);
  const started = performance.now();
  await cluster.servers[master.serverIndex]?.kill('SIGKILL');
  const done = await waitForReplacement(cluster, master, options);
  return { ...done, tookMs: Math.round(performance.now() - started) };
}

/**
 * Waits until one of `master`'s replicas serves its slots, as every live node agrees, with
 * cluster_state:ok — for a test that stopped the master its own way (killMaster does it all).
 * `master` is as {@link clusterMasters} listed it before.
 *
 * @throws {RedisClusterError} when the cluster does not agree in time.
 */
export async function waitForReplacement(
  cluster: RedisCluster,
  master: ClusterMaster,
  options: MasterFaultOptions = {},
): Promise<MasterReplaced> {
  const timeoutMs = positiveMs(options.timeoutMs, 60_000, 'timeoutMs');
  const started = performance.now();
  const promotedId = await untilAgreed(cluster, { master, formerIsReplica: false }, timeoutMs);
  const promotedIndex = master.replicas.find((replica) => replica.id === promotedId)?.serverIndex;
  if (promotedIndex === undefined) {
    throw new RedisClusterError(`node ${promotedId}, not a replica of the lost master, took its slots`);
  }
  return replaced(cluster, master, promotedIndex, performance.now() - started);
}

async function masterAndReplica(
  cluster: RedisCluster,
  selector: MasterSelector,
): Promise<{ master: ClusterMaster; replica: ClusterMaster['replicas'][number] }> {
  await waitForReplicas(cluster);
  const master = await selectMaster(cluster, await clusterMasters(cluster), selector);
  const live = new Set(liveServerIndexes(cluster));
  const replica = master.replicas.find((candidate) => live.has(candidate.serverIndex));
  if (replica === undefined) {
    throw new RedisClusterError(`the master on port ${master.node.port} has no live replica to take over`);
  }
  return { master, replica };
}

interface Expected {
  readonly master: ClusterMaster;
  /** The replica that must take over; any of the master's replicas when undefined. */
  readonly promotedId?: string;
  /** The former master must be the new master's replica (a coordinated failover). */
  readonly formerIsReplica: boolean;
}

/** Waits until every live node agrees on the new master; returns its id. */
async function untilAgreed(
  cluster: RedisCluster,
  expected: Expected,
  timeoutMs: number,
  onNotYet?: () => Promise<void>,
): Promise<string> {
  let disagreement = 'not asked yet';
  try {
    return await waitFor(
      async () => {
        const verdict = await agreement(cluster, expected);
        if (typeof verdict === 'string' && verdict.startsWith('agreed:'))
          return verdict.slice('agreed:'.length);
        disagreement = verdict;
        await onNotYet?.();
        return undefined;
      },
      { timeoutMs, intervalMs: POLL_INTERVAL_MS, description: 'every live node to agree on the new master' },
    );
  } catch (error) {
    throw new RedisClusterError(
      `the slots of the master on port ${expected.master.node.port} did not settle on a new master in ${timeoutMs} ms: ${disagreement}`,
      { cause: error },
    );
  }
}

/** `agreed:<new master id>`, or what some node still disagrees on. */
async function agreement(cluster: RedisCluster, expected: Expected): Promise<string> {
  const { master } = expected;
  const candidates = new Set(
    expected.promotedId === undefined ? master.replicas.map((r) => r.id) : [expected.promotedId],
  );
  let promoted: string | undefined;
  for (const index of liveServerIndexes(cluster)) {
    const node = cluster.nodes[index] as RedisClusterNode;
    const view = await readClusterView(node);
    const state = view.info.get('cluster_state');
    if (state !== 'ok') return `port ${node.port}: cluster_state ${state}`;
    const owner = view.lines.find(
      (line) =>
        candidates.has(line.id) && line.flags.includes('master') && sameSlots(line.slots, master.slots),
    );
    if (owner === undefined)
      return `port ${node.port}: no replica of ${master.id} is master of its slots yet`;
    if (promoted !== undefined && owner.id !== promoted) return `nodes disagree on the new master`;
    promoted = owner.id;
    if (expected.formerIsReplica) {
      const former = view.lines.find((line) => line.id === master.id);
      if (!(former?.flags.includes('slave') && former.masterId === owner.id))
        return `port ${node.port}: the former master is not yet a replica of the new one`;
    }
  }
  return promoted === undefined ? 'no live node answered' : `agreed:${promoted}`;
}

function replaced(
  cluster: RedisCluster,
  master: ClusterMaster,
  promotedIndex: number,
  tookMs: number,
): MasterReplaced {
  return {
    former: master.node,
    formerIndex: master.serverIndex,
    promoted: cluster.nodes[promotedIndex] as RedisClusterNode,
    promotedIndex,
    slots: master.slots,
    tookMs: Math.round(tookMs),
  };
}
