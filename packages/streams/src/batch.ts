// One batch of a partition's entries, in stream order: each is decoded (undecodable or
// invalid → dead letter), skipped when the checkpoint says it was applied, then delivered to
// its handlers (run-handlers.ts). When a delivery fails, whatever the verdict, the attempt
// is undone first (memory.rollback(): the state as of the last capture, parsed afresh) and
// the batch is handled again from the first entry not yet captured — so a handler running
// again on an entry sees exactly the state from before it, whatever it mutated in place, and
// a dead-lettered entry is moved with the state from before it. Outputs published by an
// undone attempt are published again under the same deterministic ids and dropped as
// duplicates by the publisher. On the happy path none of this costs anything: no copy, no
// allocation beyond the handler's context, no promise for synchronous handlers.
import { type AnyEvent, decodeEvent, InvalidEventError, type PartitionKeys } from '@tickflow/events';
import { pause } from './backoff.ts';
import { type Attempt, afterFailure } from './delivery-policy.ts';
import type { Settled } from './fenced-call.ts';
import type { HandlerContext, HandlerRegistry } from './handlers.ts';
import type { PartitionLabels } from './metrics.ts';
import type { ResolvedConsumerOptions } from './options.ts';
import type { PartitionMemory } from './partition-memory.ts';
import { runHandlers } from './run-handlers.ts';
import type { ScriptedRedis } from './scripts.ts';
import type { DeadLetterMove, Entry, Settlement } from './settlement.ts';

export interface BatchDeps {
  readonly keys: PartitionKeys;
  readonly commands: ScriptedRedis;
  readonly config: ResolvedConsumerOptions;
  readonly labels: PartitionLabels;
  readonly signal: AbortSignal;
  readonly handlers: HandlerRegistry;
  readonly memory: PartitionMemory;
  readonly settlement: Settlement;
  /** What every handler context of this partition shares (see contextFor). */
  readonly shared: Omit<HandlerContext, 'entryId' | 'deliveries'>;
}

/** 'applied' once every entry is handled or dead-lettered; otherwise why the batch stopped. */
export async function processBatch(entries: readonly Entry[], deps: BatchDeps): Promise<Settled> {
  const { config, labels, signal, memory, settlement } = deps;
  // Only entries that failed get an attempt of their own, or a final verdict.
  const retried = new Map<number, Attempt>();
  const doomed = new Map<number, DeadLetterMove>();
  // The first entry whose work is not yet in a capture: a redo starts here.
  let redoFrom = 0;
  // The entry that failed last: once the redo is back at it, what precedes it is captured,
  // so further attempts redo only that entry (and its handler's failures are consecutive,
  // as its circuit breaker expects).
  let failedAt = -1;
  // Entries counted as consumed so far (a redo does not count them again).
  let consumed = 0;
  let index = 0;
  while (index < entries.length) {
    if (signal.aborted) return 'aborted';
    if (index === failedAt && index > redoFrom && !doomed.has(index)) {
      settlement.startAck();
      redoFrom = index;
    }
    const entry = entries[index] as Entry;
    if (index === consumed) {
      consumed++;
      config.metrics.consumed(labels, 1);
    }
    const deliveries = retried.get(index)?.deliveries ?? entry.deliveries;
    const decoded = doomed.has(index) ? undefined : decode(entry, deliveries);
    if (decoded !== undefined && !('kind' in decoded) && memory.alreadyApplied(entry.id)) {
      memory.processed(entry.id);
      index++;
      continue;
    }
    if (decoded === undefined || 'kind' in decoded) {
      const moved = await settlement.deadLetter(entry, decoded ?? (doomed.get(index) as DeadLetterMove));
      if (moved !== 'applied') return moved;
      redoFrom = ++index;
      continue;
    }
    const event = decoded;
    let delivery = runHandlers({
      event,
      registrations: deps.handlers.forType(event.type),
      context: contextFor(entry, deliveries, deps),
      metrics: config.metrics,
      labels,
    });
    if (delivery instanceof Promise) delivery = await delivery;
    if (delivery.outcome === 'aborted') return 'aborted';
    if (delivery.outcome === 'handled') {
      memory.processed(entry.id);
      index++;
      continue;
    }
    memory.rollback();
    failedAt = index;
    const { registration, error } = delivery;
    const attempt = retried.get(index) ?? { deliveries, outages: 0 };
    const verdict = afterFailure(error, registration.name, attempt, registration.breaker, config);
    if (verdict.action === 'dead-letter') {
      const { kind, reason } = verdict;
      doomed.set(index, {
        kind,
        reason,
        deliveries: attempt.deliveries,
        eventId: event.id,
        handler: registration.name,
      });
    } else {
      if (verdict.why !== 'redis-unavailable') config.metrics.retried(labels, registration.name);
      if (verdict.next.deliveries !== attempt.deliveries)
        await recordDelivery(deps, entry.id, verdict.next.deliveries);
      retried.set(index, verdict.next);
      if (verdict.delayMs > 0) await pause(verdict.delayMs, signal);
    }
    index = redoFrom;
  }
  return 'applied';
}

/** The event, or the dead-letter move for an entry that cannot be one. */
function decode(entry: Entry, deliveries: number): AnyEvent | DeadLetterMove {
  if (entry.fields === null) {
    return {
      kind: 'trimmed',
      reason: 'entry was trimmed from the stream before it was processed',
      deliveries,
    };
  }
  try {
    return decodeEvent(entry.fields);
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    const kind = error.eventId === undefined ? 'undecodable' : 'invalid';
    return { kind, reason: error.message, deliveries, eventId: error.eventId };
  }
}

function contextFor(entry: Entry, deliveries: number, { shared }: BatchDeps): HandlerContext {
  return {
    stream: shared.stream,
    entryId: entry.id,
    deliveries,
    signal: shared.signal,
    state: shared.state,
    remember: shared.remember,
    isRemembered: shared.isRemembered,
    publish: shared.publish,
    publishAll: shared.publishAll,
  };
}

/** Keeps the pending list's delivery count in step with retries, so a crash does not reset it. */
async function recordDelivery(deps: BatchDeps, id: string, deliveries: number): Promise<void> {
  const { commands, keys, config } = deps;
  try {
    // call(): the typed xclaim overloads do not resolve on a Redis | Cluster union.
    await commands.call(
      'XCLAIM',
      keys.stream,
      config.group,
      config.consumerName,
      0,
      id,
      'RETRYCOUNT',
      deliveries,
      'JUSTID',
    );
  } catch {
    // Best effort: the count is advisory; losing one update only allows one more retry.
  }
}
