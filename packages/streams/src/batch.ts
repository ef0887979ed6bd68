// One batch of a partition's entries, in stream order: each is decoded (undecodable or
// invalid → dead letter), skipped when the checkpoint says it was applied, then delivered to
// its handlers (run-handlers.ts). When a delivery fails, whatever the verdict, the attempt
// is undone first (memory.rollback(): the state as of the last capture, parsed afresh) and
// the batch is handled again from the first entry not yet captured — so a handler running
// again on an entry sees exactly the state from before it, whatever it mutated in place, and
// a dead-lettered entry is moved with the state from before it. Outputs published by an
// undone attempt are published again under the same deterministic ids and dropped as
// duplicates by the publisher.
import { type AnyEvent, decodeEvent, InvalidEventError, type PartitionKeys } from '@tickflow/events';
import { pause } from './backoff.ts';
import type { Attempt } from './delivery-policy.ts';
import type { Settled } from './fenced-call.ts';
import type { HandlerContext, HandlerRegistry } from './handlers.ts';
import type { PartitionLabels } from './metrics.ts';
import type { ResolvedConsumerOptions } from './options.ts';
import type { PartitionMemory } from './partition-memory.ts';
import type { PublishResult } from './publisher.ts';
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
  readonly publish: (event: AnyEvent) => Promise<PublishResult>;
  readonly publishAll: (events: readonly AnyEvent[]) => Promise<PublishResult[]>;
}

/** 'applied' once every entry is handled or dead-lettered; otherwise why the batch stopped. */
export async function processBatch(entries: readonly Entry[], deps: BatchDeps): Promise<Settled> {
  const { config, labels, signal, memory, settlement } = deps;
  const attempts: Attempt[] = entries.map((entry) => ({ deliveries: entry.deliveries, outages: 0 }));
  // Entries whose failure was judged final: dead-lettered when the redo reaches them.
  const doomed = new Map<number, DeadLetterMove>();
  const events: Decoded[] = [];
  // The first entry whose work is not yet in a capture: a redo starts here.
  let redoFrom = 0;
  // The entry that failed last: once the redo is back at it, what precedes it is captured,
  // so further attempts redo only that entry (and its handler's failures are consecutive,
  // as its circuit breaker expects).
  let failedAt = -1;
  let index = 0;
  while (index < entries.length) {
    if (signal.aborted) return 'aborted';
    if (index === failedAt && index > redoFrom && !doomed.has(index)) {
      settlement.startAck();
      redoFrom = index;
    }
    const entry = entries[index] as Entry;
    if (events[index] === undefined) config.metrics.consumed(labels, 1);
    const decoded = events[index] ?? decode(entry, attempts[index] as Attempt);
    events[index] = decoded;
    const move = doomed.get(index) ?? ('move' in decoded ? decoded.move : undefined);
    if (move === undefined && memory.alreadyApplied(entry.id)) {
      memory.processed(entry.id);
      index++;
      continue;
    }
    if (move !== undefined || !('event' in decoded)) {
      const moved = await settlement.deadLetter(entry, move as DeadLetterMove);
      if (moved !== 'applied') return moved;
      redoFrom = ++index;
      continue;
    }
    const { event } = decoded;
    const attempt = attempts[index] as Attempt;
    const delivery = await runHandlers(
      event,
      deps.handlers.forType(event.type),
      contextFor(entry, attempt, deps),
      attempt,
      config,
      labels,
    );
    if (delivery.outcome === 'aborted') return 'aborted';
    if (delivery.outcome === 'handled') {
      memory.processed(entry.id);
      index++;
      continue;
    }
    memory.rollback();
    failedAt = index;
    const { verdict, handler } = delivery;
    if (verdict.action === 'dead-letter') {
      doomed.set(index, { ...verdict, deliveries: attempt.deliveries, eventId: event.id, handler });
    } else {
      if (verdict.why !== 'redis-unavailable') config.metrics.retried(labels, handler);
      if (verdict.next.deliveries !== attempt.deliveries)
        await recordDelivery(deps, entry.id, verdict.next.deliveries);
      attempts[index] = verdict.next;
      if (verdict.delayMs > 0) await pause(verdict.delayMs, signal);
    }
    index = redoFrom;
  }
  return 'applied';
}

type Decoded = { readonly event: AnyEvent } | { readonly move: DeadLetterMove };

/** The event, or the dead-letter move for an entry that cannot be one. */
function decode(entry: Entry, { deliveries }: Attempt): Decoded {
  if (entry.fields === null) {
    return {
      move: {
        kind: 'trimmed',
        reason: 'entry was trimmed from the stream before it was processed',
        deliveries,
      },
    };
  }
  try {
    return { event: decodeEvent(entry.fields) };
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    const kind = error.eventId === undefined ? 'undecodable' : 'invalid';
    return { move: { kind, reason: error.message, deliveries, eventId: error.eventId } };
  }
}

function contextFor(entry: Entry, attempt: Attempt, deps: BatchDeps): HandlerContext {
  const { memory, settlement } = deps;
  return {
    stream: deps.keys.stream,
    entryId: entry.id,
    deliveries: attempt.deliveries,
    signal: deps.signal,
    state: memory.state,
    remember: (id) => memory.remember(id),
    isRemembered: (id) => settlement.isRemembered(id),
    publish: deps.publish,
    publishAll: deps.publishAll,
  };
}

/** Keeps the pending list's delivery count in step with retries, so a crash does not reset it. */
async function recordDelivery(deps: BatchDeps, id: string, deliveries: number): Promise<void> {
  const { commands, keys, config } = deps;
  try {
    await commands.xclaim(
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
