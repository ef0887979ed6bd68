// A consumer-group member: joins the group's membership, takes the partitions rendezvous
// hashing assigns it (through fenced leases), runs one worker per owned partition, and
// rebalances as members come and go. Partitions a member should no longer own are handed
// over gracefully: finish, ack, release. A partition whose lease cannot be renewed in time
// is dropped at once, since another member may own it by then.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { EVENT_TYPES, type EventType, groupKeys, type PartitionKeys, partitionKeys } from '@tickflow/events';
import type { Redis } from 'ioredis';
import { assignPartitions } from './assignment.ts';
import { groupBacklog } from './backlog.ts';
import { pause } from './backoff.ts';
import { type ConnectionOptions, connect } from './connection.ts';
import { ensureConsumerGroup } from './consumer-group.ts';
import { createHandlerRegistry, type Handler, type HandlerOptions } from './handlers.ts';
import { createInFlightLimit } from './in-flight.ts';
import { noopMetrics } from './metrics.ts';
import { type ConsumerOptions, resolveConsumerOptions } from './options.ts';
import { type PartitionWorker, startPartitionWorker } from './partition-worker.ts';
import { createPublisher, type Publisher } from './publisher.ts';
import { type ScriptedRedis, withScripts } from './scripts.ts';

export interface Consumer {
  /** Unique, stable name of this member in its group. */
  readonly name: string;
  /** Registers a handler for one event type; call before start(). */
  on<T extends EventType>(type: T, handler: Handler<T>, options?: HandlerOptions): Consumer;
  /**
   * Connects, creates the group on every partition it consumes (an existing group is kept as
   * it is), and starts taking partitions.
   */
  start(): Promise<void>;
  /** Stops reading, finishes and acks in-flight work, releases leases, closes connections. */
  stop(): Promise<void>;
  /** The partition streams this member owns right now. */
  ownedStreams(): string[];
  /** Started, connected, and not stopping. */
  readonly ready: boolean;
}

export interface CreateConsumerOptions extends ConsumerOptions {
  readonly connection: ConnectionOptions;
  /** Where handlers' `context.publish` goes. Default: a publisher in the same namespace. */
  readonly publisher?: (commands: Redis) => Publisher;
}

interface Owned {
  readonly keys: PartitionKeys;
  readonly holder: string;
  readonly worker: PartitionWorker;
  readonly blocking: Redis;
  /** Fires when the lease, by our own clock, may have expired: the partition is dropped. */
  expiry?: NodeJS.Timeout;
  leaving: boolean;
  /** Settles once the worker is done, its connection closed and its lease released. */
  finished?: Promise<void>;
}

/** After the grace period, how long aborted workers get before stop() closes anyway. */
const ABORTED_WORKER_WAIT_MS = 1_000;

export function createConsumer(options: CreateConsumerOptions): Consumer {
  const defaultName = `${options.group}-${hostname().replace(/[^A-Za-z0-9._-]/g, '_')}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const config = resolveConsumerOptions(options, defaultName);
  const { metrics, group, consumerName: me } = config;
  const inFlight = createInFlightLimit(config.maxInFlight, (count) => metrics.inFlight(group, count));
  const handlers = createHandlerRegistry({
    failureThreshold: config.circuitFailureThreshold,
    coolDownMs: config.circuitCoolDownMs,
    onChange: (handler, state) => metrics.circuitChanged(group, handler, state),
  });
  const owned = new Map<string, Owned>();
  const members = groupKeys(config.namespace, group).members;
  let commands: ScriptedRedis | undefined;
  let publisher: Publisher | undefined;
  let loop: Promise<void> | undefined;
  let stopping = false;
  let sampling = false;
  const stopSignal = new AbortController();

  const consumer: Consumer = {
    name: me,
    on(type, handler, handlerOptions) {
      if (loop) throw new Error('register handlers before start()');
      handlers.add(type, handler, handlerOptions);
      return consumer;
    },
    async start() {
      if (loop) return;
      const redis = withScripts(
        await connect({ ...options.connection, metrics, name: `${me}:commands` }, 'commands'),
      );
      // The group exists on every partition once start() returns, owned yet or not: whatever
      // is appended from now on is the group's, and anyone watching its lag (a drain check,
      // an autoscaler) sees every partition from the start, not only those owned so far.
      try {
        await Promise.all(
          partitions().map((keys) => ensureConsumerGroup(redis, keys.stream, group, config.startFrom)),
        );
      } catch (error) {
        redis.disconnect();
        throw error;
      }
      commands = redis;
      publisher =
        options.publisher?.(commands) ??
        createPublisher(commands, { namespace: config.namespace, partitions: config.partitions, metrics });
      loop = rebalanceLoop(commands);
    },
    async stop() {
      if (stopping) return loop;
      stopping = true;
      stopSignal.abort();
      await loop;
    },
    ownedStreams: () => [...owned.values()].filter((o) => !o.leaving).map((o) => o.keys.stream),
    get ready() {
      return loop !== undefined && !stopping && commands?.status === 'ready';
    },
  };
  return consumer;

  function partitions(): PartitionKeys[] {
    const types = EVENT_TYPES.filter((type) => handlers.forType(type).length > 0);
    return types.flatMap((type) =>
      Array.from({ length: config.partitions }, (_, p) => partitionKeys(config.namespace, type, p)),
    );
  }

  async function rebalanceLoop(redis: ScriptedRedis): Promise<void> {
    const all = partitions();
    while (!stopping) {
      try {
        await rebalance(redis, all);
      } catch {
        // Redis unreachable: each owned partition's expiry timer drops it in time.
      }
      // Not awaited: a slow XINFO must not delay the next lease renewal.
      if (!sampling) {
        sampling = true;
        void sampleBacklog(redis).finally(() => {
          sampling = false;
        });
      }
      await pause(config.leaseRenewMs, stopSignal.signal);
    }
    await shutdown(redis, all);
  }

  async function rebalance(redis: ScriptedRedis, all: readonly PartitionKeys[]): Promise<void> {
    const live = await redis.tfHeartbeat(members, me, config.leaseTtlMs);
    const assignment = assignPartitions(
      all.map((keys) => keys.stream),
      live.includes(me) ? live : [...live, me],
    );
    await Promise.all(
      all.map(async (keys) => {
        const current = owned.get(keys.stream);
        const preferred = assignment.get(keys.stream);
        if (current) {
          // A leaving partition is renewed too, until its worker has finished: were its lease
          // to expire mid-drain, its acks would be fenced and another member would start on
          // the same entries while this one is still handling them.
          // Redis sets the new expiry after we send, so timing from the send is conservative.
          const sentAt = Date.now();
          const renewed = await redis.tfLeaseRenew(keys.lease(group), current.holder, config.leaseTtlMs);
          if (renewed !== 1) return lose(current);
          armExpiry(current, sentAt);
          if (preferred !== me && !current.leaving) handOver(current);
        } else if (preferred === me && !stopping) {
          const sentAt = Date.now();
          const token = await redis.tfLeaseAcquire(
            keys.lease(group),
            keys.fence(group),
            me,
            config.leaseTtlMs,
          );
          if (token > 0) await own(redis, keys, `${me}|${token}`, sentAt);
        }
      }),
    );
  }

  async function own(
    redis: ScriptedRedis,
    keys: PartitionKeys,
    holder: string,
    grantedAt: number,
  ): Promise<void> {
    let blocking: Redis;
    try {
      blocking = await connect(
        { ...options.connection, metrics, name: `${me}:read:${keys.partition}` },
        'blocking',
      );
    } catch (error) {
      await redis.tfLeaseRelease(keys.lease(group), holder).catch(() => undefined);
      throw error;
    }
    const entry: Owned = {
      keys,
      holder,
      blocking,
      leaving: false,
      worker: startPartitionWorker({
        keys,
        holder,
        commands: redis,
        blocking,
        config,
        handlers,
        inFlight,
        publish: (event) => (publisher as Publisher).publish(event),
        publishAll: (events) => (publisher as Publisher).publishBatch(events),
        onFenced: () => lose(entry),
      }),
    };
    owned.set(keys.stream, entry);
    armExpiry(entry, grantedAt);
    metrics.leaseChanged({ stream: keys.stream, group }, true);
    entry.finished = entry.worker.done.then(
      () => finish(redis, entry),
      () => {
        // A worker that failed on something other than Redis being away: give the
        // partition up so that a fresh worker (here or elsewhere) starts over from the PEL.
        entry.worker.abort();
        return finish(redis, entry);
      },
    );
  }

  function handOver(entry: Owned): void {
    entry.leaving = true;
    entry.worker.stop();
  }

  function lose(entry: Owned): void {
    entry.leaving = true;
    entry.worker.abort();
  }

  /** Reports lag and pending of every owned partition to the metrics hook. */
  async function sampleBacklog(redis: ScriptedRedis): Promise<void> {
    if (metrics === noopMetrics) return;
    await Promise.all(
      [...owned.values()].map(async ({ keys }) => {
        const backlog = await groupBacklog(redis, keys.stream, group).catch(() => undefined);
        if (backlog) metrics.backlog({ stream: keys.stream, group }, backlog.lag, backlog.pending);
      }),
    );
  }

  /**
   * Drops the partition when its lease may have expired by our own clock — even while a
   * renewal is stuck on a hung Redis — so a worker never runs past its lease.
   */
  function armExpiry(entry: Owned, renewedAt: number): void {
    clearTimeout(entry.expiry);
    entry.expiry = setTimeout(() => lose(entry), renewedAt + config.leaseTtlMs - Date.now());
    entry.expiry.unref();
  }

  async function finish(redis: ScriptedRedis, entry: Owned): Promise<void> {
    clearTimeout(entry.expiry);
    entry.blocking.disconnect();
    await redis.tfLeaseRelease(entry.keys.lease(group), entry.holder).catch(() => undefined);
    if (owned.get(entry.keys.stream) === entry) owned.delete(entry.keys.stream);
    metrics.leaseChanged({ stream: entry.keys.stream, group }, false);
  }

  async function shutdown(redis: ScriptedRedis, all: readonly PartitionKeys[]): Promise<void> {
    const entries = [...owned.values()];
    for (const entry of entries) entry.worker.stop();
    const done = new AbortController();
    const finished = Promise.allSettled(entries.map((entry) => entry.finished)).then(() => done.abort());
    // Keep renewing (never acquiring: `stopping` is set) while the workers finish.
    const deadline = Date.now() + config.shutdownGraceMs;
    while (!done.signal.aborted && Date.now() < deadline) {
      // Bounded by the deadline: a hung Redis must not stretch the grace.
      const renewal = rebalance(redis, all).catch(() => undefined);
      await Promise.race([renewal, pause(deadline - Date.now(), done.signal)]);
      await pause(Math.min(config.leaseRenewMs, deadline - Date.now()), done.signal);
    }
    if (!done.signal.aborted) {
      for (const entry of entries) entry.worker.abort();
      // A handler that ignores its abort signal must not hold stop() forever: give the
      // aborted workers a moment, then close regardless (their leases then simply expire).
      await Promise.race([finished, pause(ABORTED_WORKER_WAIT_MS)]);
      for (const entry of entries) {
        clearTimeout(entry.expiry);
        entry.blocking.disconnect();
      }
    }
    await redis.zrem(members, me).catch(() => undefined);
    await redis.quit().catch(() => redis.disconnect());
  }
}
