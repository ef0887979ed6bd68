// A consumer-group member: registers handlers, connects, and lets the lease manager take
// the partitions assigned to it; each owned partition runs a partition worker on a blocking
// connection of its own. What it handles on its own (leases won and lost, crashed workers,
// open circuits, outages) is reported through status notifications and metrics.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { EVENT_TYPES, type EventType, groupKeys, type PartitionKeys, partitionKeys } from '@tickflow/events';
import { backlogSampler } from './backlog-sampler.ts';
import type { CircuitState } from './circuit-breaker.ts';
import { connectClient } from './cluster-connection.ts';
import type { RedisClient } from './cluster-redis-client.ts';
import type { ConnectionOptions } from './connection.ts';
import { ensureConsumerGroup } from './consumer-group.ts';
import { createHandlerRegistry, type Handler, type HandlerOptions } from './handlers.ts';
import { createInFlightLimit } from './in-flight.ts';
import { createLeaseManager, type LeaseManager, type PartitionRun } from './lease-manager.ts';
import { type ConsumerOptions, resolveConsumerOptions } from './options.ts';
import { startPartitionWorker } from './partition-worker.ts';
import { createPublisher, type Publisher } from './publisher.ts';
import { type ScriptedRedis, withScripts } from './scripts.ts';
import { type ConsumerStatus, createStatusHub } from './status.ts';

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
  /** Calls `listener` with every status notification from now on; returns the unsubscribe. */
  onStatus(listener: (status: ConsumerStatus) => void): () => void;
  /** The status notifications from now until the consumer has stopped. */
  status(): AsyncIterableIterator<ConsumerStatus>;
}

export interface CreateConsumerOptions extends ConsumerOptions {
  readonly connection: ConnectionOptions;
  /** Where handlers' `context.publish` goes. Default: a publisher in the same namespace. */
  readonly publisher?: (commands: RedisClient) => Publisher;
}

export function createConsumer(options: CreateConsumerOptions): Consumer {
  const defaultName = `${options.group}-${hostname().replace(/[^A-Za-z0-9._-]/g, '_')}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const config = resolveConsumerOptions(options, defaultName);
  const { metrics, group, consumerName: me } = config;
  const status = createStatusHub();
  status.listen((notification) => metrics.consumerStatus(group, notification.type));
  const inFlight = createInFlightLimit(config.maxInFlight, (count) => metrics.inFlight(group, count));
  const handlers = createHandlerRegistry({
    failureThreshold: config.circuitFailureThreshold,
    coolDownMs: config.circuitCoolDownMs,
    onChange: (handler, state) => {
      metrics.circuitChanged(group, handler, state);
      status.emit({ type: 'circuit-changed', handler, state });
      reportCircuit(handler, state);
    },
  });
  let commands: ScriptedRedis | undefined;
  // Circuit states go to Redis too, so a monitor sees them (best effort: a circuit may open
  // because Redis is away, and then the report is lost; the metric and the status stay).
  const circuits = groupKeys(config.namespace, group).circuits;
  const reported = new Set<string>();
  const reportCircuit = (handler: string, state: CircuitState) => {
    const field = `${me}/${handler}`;
    reported.add(field);
    commands?.hset(circuits, field, JSON.stringify({ state, at: Date.now() })).catch(() => undefined);
  };
  let leases: LeaseManager | undefined;
  let running: Promise<void> | undefined;
  let stopping = false;
  const stopSignal = new AbortController();

  const consumer: Consumer = {
    name: me,
    on(type, handler, handlerOptions) {
      if (running) throw new Error('register handlers before start()');
      handlers.add(type, handler, handlerOptions);
      return consumer;
    },
    async start() {
      if (running) return;
      const redis = withScripts(
        await connectClient({ ...options.connection, metrics, name: `${me}:commands` }, 'commands'),
      );
      const all = partitions();
      // The group exists on every partition once start() returns, owned yet or not: whatever
      // is appended from now on is the group's, and anyone watching its lag (a drain check,
      // an autoscaler) sees every partition from the start, not only those owned so far.
      try {
        await Promise.all(
          all.map((keys) => ensureConsumerGroup(redis, keys.stream, group, config.startFrom)),
        );
      } catch (error) {
        redis.disconnect();
        throw error;
      }
      commands = redis;
      const publisher =
        options.publisher?.(redis) ??
        createPublisher(redis, { namespace: config.namespace, partitions: config.partitions, metrics });
      leases = createLeaseManager({
        redis,
        config,
        members: groupKeys(config.namespace, group).members,
        partitions: all,
        start: (keys, holder) => startPartition(redis, publisher, keys, holder),
        status,
      });
      const backlog = backlogSampler(redis, leases, config, all);
      running = leases.run(stopSignal.signal, backlog).finally(async () => {
        // A stopped consumer's circuits are nobody's: its reports go with it.
        if (reported.size > 0) await redis.hdel(circuits, ...reported).catch(() => undefined);
        await redis.quit().catch(() => redis.disconnect());
        status.close();
      });
    },
    async stop() {
      if (stopping) return running;
      stopping = true;
      stopSignal.abort();
      await running;
    },
    ownedStreams: () => leases?.ownedStreams() ?? [],
    get ready() {
      return running !== undefined && !stopping && commands?.status === 'ready';
    },
    onStatus: (listener) => status.listen(listener),
    status: () => status.iterate(),
  };
  return consumer;

  function partitions(): PartitionKeys[] {
    const types = EVENT_TYPES.filter((type) => handlers.forType(type).length > 0);
    return types.flatMap((type) =>
      Array.from({ length: config.partitions }, (_, p) => partitionKeys(config.namespace, type, p)),
    );
  }

  async function startPartition(
    redis: ScriptedRedis,
    publisher: Publisher,
    keys: PartitionKeys,
    holder: string,
  ): Promise<PartitionRun> {
    const blocking = await connectClient(
      { ...options.connection, metrics, name: `${me}:read:${keys.partition}` },
      'blocking',
    );
    const worker = startPartitionWorker({
      keys,
      holder,
      commands: redis,
      blocking,
      config,
      handlers,
      inFlight,
      publish: (event) => publisher.publish(event),
      publishAll: (events) => publisher.publishAll(events),
      onOutage: (error) => status.emit({ type: 'redis-unavailable', stream: keys.stream, error }),
    });
    return {
      done: worker.done.finally(() => blocking.disconnect()),
      stop: worker.stop,
      abort: worker.abort,
      close: () => blocking.disconnect(),
    };
  }
}
