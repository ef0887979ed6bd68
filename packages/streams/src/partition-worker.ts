// Processes one owned partition of one group, in stream order, one entry at a time:
//   1. recover: claim every entry still pending in the group (the previous owner's, or
//      ours from before a reconnect) with XAUTOCLAIM, carrying its cursor to the end of
//      the pending list, and process them first;
//   2. then read new entries with short blocking reads.
// Each entry is decoded (undecodable → dead letter), skipped if the checkpoint says it was
// applied, then handed to every handler of its type in priority order; a failing handler is
// retried with backoff up to maxDeliveries, then the entry is dead-lettered. Processed
// entries are acked with the checkpoint in one fenced script per batch, sent in the
// background while the next batch is read and handled (acks stay in order, each captured
// between batches; see settlement.ts). Losing the lease aborts at once: unacked entries stay
// pending for the next owner.
import { type AnyEvent, decodeEvent, InvalidEventError, type PartitionKeys } from '@tickflow/events';
import type { Redis } from 'ioredis';
import { pause, retryDelayMs } from './backoff.ts';
import { blockingRead } from './blocking-read.ts';
import { ensureConsumerGroup } from './consumer-group.ts';
import { leaveGroup, pruneIdleConsumers } from './consumer-names.ts';
import { RedisUnavailableError, toStreamsError } from './errors.ts';
import type { HandlerContext, HandlerRegistry } from './handlers.ts';
import type { InFlightLimit } from './in-flight.ts';
import type { PartitionLabels } from './metrics.ts';
import type { ResolvedConsumerOptions } from './options.ts';
import type { PublishResult } from './publisher.ts';
import type { ScriptedRedis } from './scripts.ts';
import { createSettlement, type Entry } from './settlement.ts';

export interface PartitionWorkerDeps {
  readonly keys: PartitionKeys;
  /** This consumer's lease value: `<consumer>|<fencing token>`. */
  readonly holder: string;
  readonly commands: ScriptedRedis;
  readonly blocking: Redis;
  readonly config: ResolvedConsumerOptions;
  readonly handlers: HandlerRegistry;
  readonly inFlight: InFlightLimit;
  readonly publish: (event: AnyEvent) => Promise<PublishResult>;
  readonly publishAll: (events: readonly AnyEvent[]) => Promise<PublishResult[]>;
  /** Called when a fenced script shows the lease is gone. */
  readonly onFenced: () => void;
}

export interface PartitionWorker {
  /** Settles when the worker has finished (stopped, aborted or failed). */
  readonly done: Promise<void>;
  /** Graceful: stop reading, finish and ack what was read. */
  stop(): void;
  /** Immediate: stop handling; nothing more is acked (the lease is gone or time is up). */
  abort(): void;
}

type Outcome = 'processed' | 'dead-lettered' | 'aborted';

export function startPartitionWorker(deps: PartitionWorkerDeps): PartitionWorker {
  const { keys, holder, commands, blocking, config, handlers, inFlight } = deps;
  const { group, consumerName: me, metrics } = config;
  const labels: PartitionLabels = { stream: keys.stream, group };
  const aborter = new AbortController();
  const signal = aborter.signal;
  let stopping = false;
  const settlement = createSettlement({
    keys,
    holder,
    commands,
    config,
    inFlight,
    labels,
    signal,
    onFenced: fenced,
  });
  const { flushAcks, deadLetter } = settlement;

  const done = run().finally(() => settlement.releaseUnacked());

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

  async function run(): Promise<void> {
    try {
      await loop();
    } finally {
      // An ack still in flight settles before the permits of what is left are given back.
      await settlement.settled().catch(() => undefined);
    }
  }

  async function loop(): Promise<void> {
    let mustRecover = true;
    let outage = 0;
    while (!stopping) {
      try {
        if (mustRecover) {
          await ensureGroup();
          await settlement.load();
          await recover();
          mustRecover = false;
        } else {
          await readAndProcess();
        }
        outage = 0;
      } catch (error) {
        const failure = toStreamsError(error, `partition ${keys.stream}`);
        if (!(failure instanceof RedisUnavailableError)) throw failure;
        // Redis is away: back off, then start over from the pending list, since the server
        // may have delivered entries to us that we never saw.
        mustRecover = true;
        await pause(retryDelayMs(++outage, config.retryBaseDelayMs, config.retryMaxDelayMs), signal);
      }
    }
    if (!signal.aborted) {
      await flushAcks();
      if (settlement.unacked === 0) await leaveGroup(commands, keys.stream, group, me).catch(() => undefined);
    }
  }

  async function readAndProcess(): Promise<void> {
    const permits = await inFlight.take(config.batchSize, signal);
    if (permits === 0 || stopping) {
      inFlight.give(permits);
      return;
    }
    let entries: Entry[];
    try {
      const reply = await blockingRead(blocking, config.blockMs, [
        'GROUP',
        group,
        me,
        'COUNT',
        permits,
        'BLOCK',
        config.blockMs,
        'STREAMS',
        keys.stream,
        '>',
      ]);
      entries = (reply?.[0]?.[1] ?? []).map(([id, fields]) => ({ id, fields, deliveries: 1 }));
    } catch (error) {
      inFlight.give(permits);
      if (/NOGROUP/.test(String(error))) await ensureGroup();
      else throw error;
      return;
    }
    inFlight.give(permits - entries.length);
    await processBatch(entries);
  }

  function ensureGroup(): Promise<void> {
    return ensureConsumerGroup(commands, keys.stream, group, config.startFrom);
  }

  /** Claims and processes everything pending in the group for this partition, in id order. */
  async function recover(): Promise<void> {
    let cursor = '0-0';
    do {
      const permits = await inFlight.take(config.batchSize, signal);
      if (permits === 0 || stopping) {
        inFlight.give(permits);
        return;
      }
      let next: string;
      let claimed: [string, string[] | null][];
      let deleted: string[];
      let deliveries: Map<string, number>;
      try {
        [next, claimed, deleted] = (await commands.xautoclaim(
          keys.stream,
          group,
          me,
          0,
          cursor,
          'COUNT',
          permits,
        )) as [string, [string, string[] | null][], string[]];
        deliveries = await deliveryCounts(claimed);
      } catch (error) {
        inFlight.give(permits);
        throw error;
      }
      inFlight.give(permits - claimed.length);
      await processBatch(
        claimed.map(([id, fields]) => ({ id, fields, deliveries: (deliveries.get(id) ?? 0) + 1 })),
      );
      for (const id of deleted) {
        // Trimmed while pending: Redis already dropped it from the pending list; record it.
        if (!(await deadLetter({ id, fields: null, deliveries: 0 }, 'trimmed'))) return;
      }
      cursor = next;
    } while (cursor !== '0-0' && !stopping);
    if (cursor === '0-0') await pruneIdleConsumers(commands, keys.stream, group, me, 2 * config.leaseTtlMs);
  }

  /** How often each claimed entry was delivered before this claim. */
  async function deliveryCounts(claimed: [string, unknown][]): Promise<Map<string, number>> {
    const first = claimed[0]?.[0];
    const last = claimed.at(-1)?.[0];
    if (first === undefined || last === undefined) return new Map();
    const pending = (await commands.xpending(keys.stream, group, first, last, claimed.length, me)) as [
      string,
      string,
      number,
      number,
    ][];
    // XAUTOCLAIM itself counted this claim as a delivery.
    return new Map(pending.map(([id, , , count]) => [id, Math.max(0, count - 1)]));
  }

  async function processBatch(entries: readonly Entry[]): Promise<void> {
    // Every entry holds one in-flight permit until it is acked, dead-lettered or given up.
    let settled = 0;
    try {
      // An earlier batch's ack, running in the background, threw: surface it here.
      if (settlement.failed) await settlement.settled();
      for (const entry of entries) {
        if (signal.aborted) return;
        metrics.consumed(labels, 1);
        const outcome = await processEntry(entry);
        if (outcome === 'aborted') return;
        settled++;
        if (outcome === 'processed') settlement.processed(entry.id);
        else inFlight.give(1);
      }
    } finally {
      inFlight.give(entries.length - settled);
    }
    settlement.startAck();
  }

  async function processEntry(entry: Entry): Promise<Outcome> {
    if (entry.fields === null) return (await deadLetter(entry, 'trimmed')) ? 'dead-lettered' : 'aborted';
    if (settlement.alreadyApplied(entry.id)) return 'processed';
    let event: AnyEvent;
    try {
      event = decodeEvent(entry.fields);
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      return (await deadLetter(entry, 'invalid', error.message)) ? 'dead-lettered' : 'aborted';
    }
    let deliveries = entry.deliveries;
    let outages = 0;
    for (const registration of handlers.forType(event.type)) {
      for (;;) {
        // While closed (the usual case) there is nothing to wait for: skip the promise.
        if (registration.breaker.state !== 'closed') await registration.breaker.ready(signal);
        if (signal.aborted) return 'aborted';
        const context: HandlerContext = {
          stream: keys.stream,
          entryId: entry.id,
          deliveries,
          signal,
          state: settlement.state,
          remember: settlement.remember,
          isRemembered: settlement.isRemembered,
          publish: deps.publish,
          publishAll: deps.publishAll,
        };
        const started = performance.now();
        try {
          const handled = registration.handle(event, context);
          if (handled !== undefined) await handled;
          registration.breaker.success();
          metrics.handlerLatencyMs(labels, registration.name, performance.now() - started);
          break;
        } catch (error) {
          if (!signal.aborted && toStreamsError(error, 'handler') instanceof RedisUnavailableError) {
            // Redis is away (e.g. context.publish failed): not the entry's fault. Re-run the
            // handler once it is back, without counting a delivery or a circuit failure, so an
            // outage never dead-letters healthy entries. Losing the lease meanwhile aborts.
            metrics.handlerLatencyMs(labels, registration.name, performance.now() - started);
            await pause(retryDelayMs(++outages, config.retryBaseDelayMs, config.retryMaxDelayMs), signal);
            continue;
          }
          registration.breaker.failure();
          metrics.handlerLatencyMs(labels, registration.name, performance.now() - started);
          if (signal.aborted) return 'aborted';
          if (registration.breaker.state === 'open') {
            // The handler fails across entries: a downstream outage, not this entry's fault.
            // Wait for the circuit; nothing is acked or dead-lettered while it is open, and
            // this attempt does not count towards maxDeliveries.
            metrics.retried(labels, registration.name);
            continue;
          }
          if (deliveries >= config.maxDeliveries) {
            const reason = `handler ${registration.name} failed ${deliveries} times; last error: ${describe(error)}`;
            return (await deadLetter(entry, 'failed', reason, deliveries)) ? 'dead-lettered' : 'aborted';
          }
          metrics.retried(labels, registration.name);
          await pause(retryDelayMs(deliveries, config.retryBaseDelayMs, config.retryMaxDelayMs), signal);
          deliveries++;
          await recordDelivery(entry.id, deliveries);
        }
      }
    }
    return 'processed';
  }

  /** Keeps the pending list's delivery count in step with retries, so a crash does not reset it. */
  async function recordDelivery(id: string, deliveries: number): Promise<void> {
    try {
      await commands.xclaim(keys.stream, group, me, 0, id, 'RETRYCOUNT', deliveries, 'JUSTID');
    } catch {
      // Best effort: the count is advisory; losing one update only allows one more retry.
    }
  }

  function fenced(): void {
    stopping = true;
    aborter.abort();
    deps.onFenced();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
