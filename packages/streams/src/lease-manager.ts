// Partition ownership for one consumer-group member, like BullMQ's lock manager: every
// `leaseRenewMs` a round records the member's heartbeat, computes the assignment over the
// live members (assignment.ts), renews the leases it holds, takes the free partitions
// assigned to it (a fresh fencing token each), and hands over those assigned elsewhere
// (graceful: the worker finishes and acks, then the lease is released). A lease is lost —
// its worker aborted at once — when a renewal is refused, when Redis refuses an ack (the
// worker ends fenced), or when our own clock says it may have expired, even while a renewal
// hangs on a silent Redis: a worker never runs past its lease.
import type { PartitionKeys } from '@tickflow/events';
import { assignPartitions } from './assignment.ts';
import { pause } from './backoff.ts';
import { partitionLabels, reportCommandError } from './metrics.ts';
import type { ResolvedConsumerOptions } from './options.ts';
import type { WorkerEnd } from './partition-worker.ts';
import type { ScriptedRedis } from './scripts.ts';
import type { StatusHub } from './status.ts';

/** A started partition worker with the resources it holds (its blocking connection). */
export interface PartitionRun {
  /** Settles once the worker has finished and its resources are closed. */
  readonly done: Promise<WorkerEnd>;
  stop(): void;
  abort(): void;
  /** Closes its resources now, done or not (a handler ignoring its abort signal at shutdown). */
  close(): void;
}

export interface LeaseManagerDeps {
  readonly redis: ScriptedRedis;
  readonly config: ResolvedConsumerOptions;
  /** The group's members sorted set. */
  readonly members: string;
  readonly partitions: readonly PartitionKeys[];
  /** Starts the worker of a partition whose lease was just granted; rejects when it cannot. */
  readonly start: (keys: PartitionKeys, holder: string) => Promise<PartitionRun>;
  readonly status: StatusHub;
}

export interface LeaseManager {
  /** Rounds every leaseRenewMs until `signal` aborts; then every partition is handed back within the grace period. */
  run(signal: AbortSignal, afterRound?: () => void): Promise<void>;
  /** The partition streams owned and not being handed over. */
  ownedStreams(): string[];
}

interface Lease {
  readonly keys: PartitionKeys;
  readonly holder: string;
  readonly run: PartitionRun;
  /** Fires when the lease, by our own clock, may have expired. */
  expiry?: NodeJS.Timeout;
  leaving: boolean;
  lost: boolean;
  /** Settles once the worker is done and the lease released. */
  finished: Promise<void>;
}

/** After the grace period, how long aborted workers get before the manager returns anyway. */
const ABORTED_WORKER_WAIT_MS = 1_000;

export function createLeaseManager(deps: LeaseManagerDeps): LeaseManager {
  const { redis, config, members, partitions, status } = deps;
  const { group, consumerName: me, metrics, leaseTtlMs } = config;
  const leases = new Map<string, Lease>();
  let stopping = false;

  async function round(): Promise<void> {
    const live = await redis.tfHeartbeat(members, me, leaseTtlMs);
    const assignment = assignPartitions(
      partitions.map((keys) => keys.stream),
      live.includes(me) ? live : [...live, me],
    );
    await Promise.all(
      partitions.map(async (keys) => {
        const lease = leases.get(keys.stream);
        if (lease) return renew(lease, assignment.get(keys.stream) === me);
        if (assignment.get(keys.stream) === me && !stopping) return acquire(keys);
      }),
    );
  }

  async function renew(lease: Lease, preferred: boolean): Promise<void> {
    // A leaving lease is renewed too until its worker has finished: were it to expire
    // mid-drain, its acks would be fenced and another member would start on the same entries.
    // Redis sets the new expiry after we send, so timing from the send is conservative.
    const sentAt = Date.now();
    const renewed = await redis.tfLeaseRenew(lease.keys.lease(group), lease.holder, leaseTtlMs);
    if (renewed !== 1) return lose(lease, 'renewal-refused');
    armExpiry(lease, sentAt);
    if (!preferred && !lease.leaving) release(lease, 'handed-over');
  }

  async function acquire(keys: PartitionKeys): Promise<void> {
    const sentAt = Date.now();
    const token = await redis.tfLeaseAcquire(keys.lease(group), keys.fence(group), me, leaseTtlMs);
    if (token <= 0) return;
    const holder = `${me}|${token}`;
    let run: PartitionRun;
    try {
      run = await deps.start(keys, holder);
    } catch (error) {
      await redis.tfLeaseRelease(keys.lease(group), holder).catch(() => undefined);
      throw error;
    }
    const lease: Lease = { keys, holder, run, leaving: false, lost: false, finished: Promise.resolve() };
    leases.set(keys.stream, lease);
    armExpiry(lease, sentAt);
    metrics.leaseChanged(partitionLabels(keys, group), true);
    status.emit({ type: 'lease-acquired', stream: keys.stream, holder });
    lease.finished = run.done.then(
      (end) => {
        if (end === 'fenced' && !lease.lost)
          status.emit({ type: 'lease-lost', stream: keys.stream, reason: 'fenced' });
        return finish(lease);
      },
      (error: unknown) => {
        status.emit({ type: 'worker-crashed', stream: keys.stream, error });
        // Give the partition up, so that a fresh worker (here or elsewhere) starts over from the pending list.
        lease.run.abort();
        return finish(lease);
      },
    );
  }

  function release(lease: Lease, reason: 'handed-over' | 'stopped'): void {
    lease.leaving = true;
    lease.run.stop();
    status.emit({ type: 'lease-released', stream: lease.keys.stream, reason });
  }

  function lose(lease: Lease, reason: 'renewal-refused' | 'expired'): void {
    if (!lease.lost) status.emit({ type: 'lease-lost', stream: lease.keys.stream, reason });
    lease.lost = true;
    lease.leaving = true;
    lease.run.abort();
  }

  function armExpiry(lease: Lease, renewedAt: number): void {
    clearTimeout(lease.expiry);
    lease.expiry = setTimeout(() => lose(lease, 'expired'), renewedAt + leaseTtlMs - Date.now());
    lease.expiry.unref();
  }

  async function finish(lease: Lease): Promise<void> {
    clearTimeout(lease.expiry);
    await redis.tfLeaseRelease(lease.keys.lease(group), lease.holder).catch(() => undefined);
    if (leases.get(lease.keys.stream) === lease) leases.delete(lease.keys.stream);
    metrics.leaseChanged(partitionLabels(lease.keys, group), false);
  }

  async function shutdown(): Promise<void> {
    const all = [...leases.values()];
    for (const lease of all) release(lease, 'stopped');
    const done = new AbortController();
    const finished = Promise.allSettled(all.map((lease) => lease.finished)).then(() => done.abort());
    // Keep renewing (never acquiring: `stopping` is set) while the workers finish.
    const deadline = Date.now() + config.shutdownGraceMs;
    while (!done.signal.aborted && Date.now() < deadline) {
      // Bounded by the deadline: a hung Redis must not stretch the grace.
      const renewal = round().catch(() => undefined);
      await Promise.race([renewal, pause(deadline - Date.now(), done.signal)]);
      await pause(Math.min(config.leaseRenewMs, deadline - Date.now()), done.signal);
    }
    if (!done.signal.aborted) {
      for (const lease of all) lease.run.abort();
      // A handler that ignores its abort signal must not hold stop() forever: give the
      // aborted workers a moment, then return regardless (their leases then simply expire).
      await Promise.race([finished, pause(ABORTED_WORKER_WAIT_MS)]);
      for (const lease of all) {
        clearTimeout(lease.expiry);
        lease.run.close();
      }
    }
    await redis.zrem(members, me).catch(() => undefined);
  }

  return {
    async run(signal, afterRound) {
      while (!signal.aborted) {
        try {
          await round();
        } catch (error) {
          // Redis unreachable, most likely: each owned partition's expiry timer drops it in time.
          reportCommandError(metrics, 'commands', error);
          status.emit({ type: 'rebalance-failed', error });
        }
        afterRound?.();
        await pause(config.leaseRenewMs, signal);
      }
      stopping = true;
      await shutdown();
    },
    ownedStreams: () =>
      [...leases.values()].filter((lease) => !lease.leaving).map((lease) => lease.keys.stream),
  };
}
