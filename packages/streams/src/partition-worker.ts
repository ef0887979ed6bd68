// Processes one owned partition of one group, in stream order:
//   1. recover: load the checkpoint and state, then claim every entry still pending in the
//      group (the previous owner's, or ours from before an outage) and process those first;
//   2. then read new entries with short blocking reads, a batch at a time.
// Each batch is handled by batch.ts and its ack captured and sent in the background while
// the next batch is read (settlement.ts). The worker ends with a value saying why: stopped
// (graceful: what was read is finished and acked), aborted (the lease may be gone or time
// is up: unacked entries stay pending for the next owner), or fenced (Redis refused an ack
// or move: another member holds the lease). Anything else it throws is a bug: the consumer
// gives the partition up and reports it.
import type { AnyEvent, PartitionKeys } from '@tickflow/events';
import { pause, retryDelayMs } from './backoff.ts';
import { processBatch } from './batch.ts';
import { blockingRead } from './blocking-read.ts';
import type { RedisClient } from './cluster-redis-client.ts';
import { ensureConsumerGroup } from './consumer-group.ts';
import { leaveGroup, pruneIdleConsumers } from './consumer-names.ts';
import type { Settled } from './fenced-call.ts';
import type { HandlerRegistry } from './handlers.ts';
import type { InFlightLimit } from './in-flight.ts';
import { partitionLabels, reportCommandError } from './metrics.ts';
import type { ResolvedConsumerOptions } from './options.ts';
import { partitionMemory } from './partition-memory.ts';
import { partitionPermits } from './partition-permits.ts';
import { claimPending } from './pending-claim.ts';
import type { PublishResult } from './publisher.ts';
import { isConnectionFailure, isNoGroup } from './redis-errors.ts';
import type { ScriptedRedis } from './scripts.ts';
import { createSettlement, type Entry } from './settlement.ts';

export interface PartitionWorkerDeps {
  readonly keys: PartitionKeys;
  /** This consumer's lease value: `<consumer>|<fencing token>`. */
  readonly holder: string;
  readonly commands: ScriptedRedis;
  readonly blocking: RedisClient;
  readonly config: ResolvedConsumerOptions;
  readonly handlers: HandlerRegistry;
  readonly inFlight: InFlightLimit;
  readonly publish: (event: AnyEvent) => Promise<PublishResult>;
  readonly publishAll: (events: readonly AnyEvent[]) => Promise<PublishResult[]>;
  /** Redis was away; the worker backs off and recovers from the pending list. */
  readonly onOutage?: (error: unknown) => void;
}

export type WorkerEnd = 'stopped' | 'aborted' | 'fenced';

export interface PartitionWorker {
  /** Settles when the worker has finished, with why; rejects when it failed on a bug. */
  readonly done: Promise<WorkerEnd>;
  /** Graceful: stop reading, finish and ack what was read. */
  stop(): void;
  /** Immediate: stop handling; nothing more is acked (the lease is gone or time is up). */
  abort(): void;
}

export function startPartitionWorker(deps: PartitionWorkerDeps): PartitionWorker {
  const { keys, holder, commands, blocking, config } = deps;
  const { group, consumerName: me } = config;
  const labels = partitionLabels(keys, group);
  const aborter = new AbortController();
  const signal = aborter.signal;
  let stopping = false;
  const memory = partitionMemory();
  const permits = partitionPermits(deps.inFlight);
  const settlement = createSettlement({ keys, holder, commands, config, memory, permits, labels, signal });
  const batchDeps = {
    keys,
    commands,
    config,
    labels,
    signal,
    handlers: deps.handlers,
    memory,
    settlement,
    shared: {
      stream: keys.stream,
      signal,
      state: memory.state,
      remember: (id: string) => memory.remember(id),
      isRemembered: (id: string) => settlement.isRemembered(id),
      publish: deps.publish,
      publishAll: deps.publishAll,
    },
  };

  const done = run().finally(() => permits.releaseAll());

  return {
    done,
    stop: () => {
      stopping = true;
    },
    abort: () => {
      stopping = true;
      aborter.abort();
    },
  };

  async function run(): Promise<WorkerEnd> {
    let end: Settled;
    try {
      end = await loop();
    } catch (error) {
      await settlement.settled().catch(() => undefined);
      throw error;
    }
    // Acks in flight settle first; one that threw makes `done` reject with its error.
    const acked = await settlement.settled();
    if (end === 'fenced' || acked === 'fenced') {
      aborter.abort();
      return 'fenced';
    }
    if (end === 'aborted' || acked === 'aborted' || signal.aborted) return 'aborted';
    const flushed = await flush();
    if (flushed !== 'applied') return flushed === 'fenced' ? 'fenced' : 'aborted';
    if (permits.held === 0) await leaveGroup(commands, keys.stream, group, me).catch(() => undefined);
    return 'stopped';
  }

  /** Runs until stopped; 'fenced' or 'aborted' when an ack, move or read could not go on. */
  async function loop(): Promise<Settled> {
    let mustRecover = true;
    let outage = 0;
    let pruneAt = 0;
    // Aborted without `stopping` when an ack is refused in the background (see handle()):
    // reads then take no permits, and the loop must end rather than spin.
    while (!stopping && !signal.aborted) {
      try {
        const outcome = mustRecover ? await recover() : await readAndProcess();
        if (outcome !== 'applied') return outcome;
        mustRecover = false;
        outage = 0;
        // Names of consumers gone without leaving (killed) go once idle twice the lease TTL
        // with nothing pending. A killed owner's name is only about one TTL idle when its
        // entries are claimed above, so the check repeats every TTL for as long as we own.
        if (Date.now() >= pruneAt && !stopping && !signal.aborted) {
          pruneAt = Date.now() + config.leaseTtlMs;
          await pruneIdleConsumers(commands, keys.stream, group, me, 2 * config.leaseTtlMs);
        }
      } catch (error) {
        if (!isConnectionFailure(error)) throw error;
        // Redis is away: back off, then start over from the pending list, since the server
        // may have delivered entries to us that we never saw.
        deps.onOutage?.(error);
        mustRecover = true;
        await pause(retryDelayMs(++outage, config.retryBaseDelayMs, config.retryMaxDelayMs), signal);
      }
    }
    return 'applied';
  }

  async function flush(): Promise<Settled> {
    settlement.startAck();
    return settlement.settled();
  }

  async function recover(): Promise<Settled> {
    await ensureGroup();
    await settlement.load();
    return claimPending({ keys, commands, config, permits, signal, isStopping: () => stopping }, (entries) =>
      handle(entries),
    );
  }

  async function readAndProcess(): Promise<Settled> {
    const taken = await permits.forRead(config.batchSize, signal);
    if (taken === 0 || stopping) {
      permits.keep(taken, 0);
      return 'applied';
    }
    let entries: Entry[] = [];
    try {
      const reply = await blockingRead(blocking, config.blockMs, [
        'GROUP',
        group,
        me,
        'COUNT',
        taken,
        'BLOCK',
        config.blockMs,
        'STREAMS',
        keys.stream,
        '>',
      ]);
      entries = (reply?.[0]?.[1] ?? []).map(([id, fields]) => ({ id, fields, deliveries: 1 }));
    } catch (error) {
      // (Not when aborted: the connection may be closed under the read by us.)
      if (!signal.aborted) reportCommandError(config.metrics, 'blocking', error);
      if (!isNoGroup(error)) throw error;
      // The group was deleted (or Redis restarted empty): make it again, read again.
      await ensureGroup();
    } finally {
      permits.keep(taken, entries.length);
    }
    return handle(entries);
  }

  async function handle(entries: readonly Entry[]): Promise<Settled> {
    // An earlier batch's ack, running in the background, threw or was refused: surface it here.
    if (settlement.failed) await settlement.settled();
    if (entries.length === 0) return 'applied';
    const outcome = await processBatch(entries, batchDeps);
    if (outcome !== 'applied') return outcome;
    settlement.startAck();
    // A refused ack ends the worker at once: another member may be handling these entries.
    // (An ack that threw surfaces at the next batch, above.)
    void settlement.settled().then(
      (acked) => acked === 'fenced' && aborter.abort(),
      () => undefined,
    );
    return 'applied';
  }

  function ensureGroup(): Promise<void> {
    return ensureConsumerGroup(commands, keys.stream, group, config.startFrom);
  }
}
