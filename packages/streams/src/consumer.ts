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
  /** Connects, joins the group and starts taking partitions. */
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
  renewedAt: number;
  leaving: boolean;
  /** Settles once the worker is done, its connection closed and its lease released. */
  finished?: Promise<void>;
}

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
      commands = withScripts(
        await connect({ ...options.connection, metrics, name: `${me}:commands` }, 'commands'),
      );
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
        // Redis unreachable: leases are checked against their local expiry below.
      }
      dropExpired();
      await sampleBacklog(redis);
      await pause(config.leaseRenewMs, stopSignal.signal);
    }
    await shutdown(redis);
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
          if (current.leaving) return;
          const renewed = await redis.tfLeaseRenew(keys.lease(group), current.holder, config.leaseTtlMs);
          if (renewed !== 1) return lose(current);
          current.renewedAt = Date.now();
          if (preferred !== me) handOver(current);
        } else if (preferred === me && !stopping) {
          const token = await redis.tfLeaseAcquire(
            keys.lease(group),
            keys.fence(group),
            me,
            config.leaseTtlMs,
          );
          if (token > 0) await own(redis, keys, `${me}|${token}`);
        }
      }),
    );
  }

  async function own(redis: ScriptedRedis, keys: PartitionKeys, holder: string): Promise<void> {
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
      renewedAt: Date.now(),
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
        onFenced: () => lose(entry),
      }),
    };
    owned.set(keys.stream, entry);
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

  /** Drops partitions whose lease could not be renewed before it expired. */
  function dropExpired(): void {
    const now = Date.now();
    for (const entry of owned.values()) {
      if (!entry.leaving && now - entry.renewedAt >= config.leaseTtlMs) lose(entry);
    }
  }

  async function finish(redis: ScriptedRedis, entry: Owned): Promise<void> {
    entry.blocking.disconnect();
    await redis.tfLeaseRelease(entry.keys.lease(group), entry.holder).catch(() => undefined);
    if (owned.get(entry.keys.stream) === entry) owned.delete(entry.keys.stream);
    metrics.leaseChanged({ stream: entry.keys.stream, group }, false);
  }

  async function shutdown(redis: ScriptedRedis): Promise<void> {
    const entries = [...owned.values()];
    for (const entry of entries) entry.worker.stop();
    const finished = Promise.allSettled(entries.map((entry) => entry.finished));
    const deadline = new AbortController();
    const timeout = pause(config.shutdownGraceMs, deadline.signal).then(() => 'timeout' as const);
    if ((await Promise.race([finished, timeout])) === 'timeout') {
      for (const entry of entries) entry.worker.abort();
      await finished;
    }
    deadline.abort();
    await redis.zrem(members, me).catch(() => undefined);
    await redis.quit().catch(() => redis.disconnect());
  }
}
