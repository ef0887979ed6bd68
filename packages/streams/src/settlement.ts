// How a partition worker's entries get settled in Redis: acks (with the checkpoint, the
// handlers' state and the remembered ids, in one fenced script per capture, sent in the
// background through the ack chain) and dead-letter moves (fenced, atomic with the ack of
// the entries before them). Each outcome applied gives the entries' permits back; one not
// applied is reported as a value (fenced / aborted), and the worker ends. Each script call
// gets its span when an entry it settles was traced (tracing/settle-spans.ts).
import type { PartitionKeys } from '@tickflow/events';
import { type AckChain, createAckChain } from './ack-chain.ts';
import type { DeadLetterKind } from './dead-letter.ts';
import { type FencedCallObserver, fencedCall, type Settled } from './fenced-call.ts';
import { type PartitionLabels, reportCommandError } from './metrics.ts';
import type { ResolvedConsumerOptions } from './options.ts';
import type { Capture, PartitionMemory } from './partition-memory.ts';
import type { PartitionPermits } from './partition-permits.ts';
import { toStreamsError } from './redis-errors.ts';
import type { ScriptedRedis } from './scripts.ts';
import { forgetEntries } from './tracing/partition-trace.ts';
import { endedWith, startDeadLetter, startSettle } from './tracing/settle-spans.ts';

export interface Entry {
  readonly id: string;
  /** null when the entry was deleted (trimmed) while pending. */
  readonly fields: string[] | null;
  readonly deliveries: number;
}

export interface DeadLetterMove {
  readonly kind: DeadLetterKind;
  readonly reason: string;
  readonly deliveries: number;
  readonly eventId?: string | undefined;
  readonly handler?: string | undefined;
}

export interface Settlement {
  /** Reads the checkpoint and state from Redis into memory, once every ack sent is done. */
  load(): Promise<void>;
  /** True when the id was remembered (saved, or not yet saved). */
  isRemembered(id: string): Promise<boolean>;
  /** Captures what was processed since the last capture and sends it after the acks before it. */
  startAck(): void;
  /** Every ack started is done: 'applied', or why not. Rejects with an ack's unexpected error. */
  settled(): Promise<Settled>;
  /** True when an ack threw: settled() rethrows it. */
  readonly failed: boolean;
  /** Moves `entry` to the dead-letter stream with the entries processed before it. */
  deadLetter(entry: Entry, move: DeadLetterMove): Promise<Settled>;
}

export interface SettlementDeps {
  readonly keys: PartitionKeys;
  readonly holder: string;
  readonly commands: ScriptedRedis;
  readonly config: ResolvedConsumerOptions;
  readonly memory: PartitionMemory;
  readonly permits: PartitionPermits;
  readonly labels: PartitionLabels;
  readonly signal: AbortSignal;
}

export function createSettlement(deps: SettlementDeps): Settlement {
  const { keys, holder, commands, config, memory, permits, labels, signal } = deps;
  const { group, metrics } = config;
  const observer: FencedCallObserver = {
    fenced: () => metrics.fenced(labels),
    failed: (error) => reportCommandError(metrics, 'commands', error),
  };
  const acks: AckChain = createAckChain(sendAck);
  // Process spans an earlier worker of this partition recorded: it will never ack them.
  forgetEntries(labels);

  async function sendAck(capture: Capture): Promise<Settled> {
    const { ids } = capture;
    const outcome = await endedWith(
      startSettle(labels, ids),
      fencedCall(
        () =>
          commands.tfAck(
            keys.stream,
            keys.lease(group),
            keys.checkpoint(group),
            keys.remembered(group),
            group,
            holder,
            ...captureArgs(capture),
          ),
        signal,
        config,
        observer,
      ),
    );
    if (outcome === 'applied') {
      applied(capture, ids.at(-1) as string, ids.length);
      metrics.acked(labels, ids.length);
    }
    return outcome;
  }

  /** Redis applied `capture` (checkpoint moved to `through`): `entries` outcomes are settled. */
  function applied(capture: Capture, through: string, entries: number): void {
    memory.applied(capture, through);
    permits.settled(entries);
  }

  return {
    async load() {
      await acks.settled();
      const [last, state] = await commands.hmget(keys.checkpoint(group), 'last', 'state');
      memory.load(last ?? undefined, state ?? undefined);
    },
    async isRemembered(id) {
      if (memory.remembersUnsaved(id)) return true;
      try {
        return (await commands.sismember(keys.remembered(group), id)) === 1;
      } catch (error) {
        // As context.publish does: an outage reaches the handler as RedisUnavailableError.
        throw toStreamsError(error, `isRemembered ${id}`);
      }
    },
    startAck() {
      const capture = memory.capture();
      if (capture) acks.enqueue(capture);
    },
    settled: () => acks.settled(),
    get failed() {
      return acks.failed;
    },
    async deadLetter(entry, move) {
      // Acks already started go first, in order; what is left goes with the move.
      const before = await acks.settled();
      if (before !== 'applied') return before;
      const capture = memory.capture(true) as Capture;
      const outcome = await endedWith(
        startDeadLetter(labels, entry, move, capture.ids),
        fencedCall(
          () =>
            commands.tfDeadLetter(
              keys.stream,
              keys.lease(group),
              keys.checkpoint(group),
              keys.deadLetter,
              keys.remembered(group),
              group,
              holder,
              entry.id,
              move.kind,
              move.reason,
              move.deliveries,
              config.deadLetterMaxLength,
              entry.fields === null ? '' : JSON.stringify(entry.fields),
              move.eventId ?? '',
              move.handler ?? '',
              ...captureArgs(capture),
            ),
          signal,
          config,
          observer,
        ),
      );
      if (outcome === 'applied') {
        applied(capture, entry.id, capture.ids.length + 1);
        // The entries processed before it were acked by the same script.
        if (capture.ids.length > 0) metrics.acked(labels, capture.ids.length);
        metrics.deadLettered(labels, move.kind);
      }
      return outcome;
    },
  };
}

/** A capture as the settle scripts take it: the state, n, n ids to remember, the entry ids. */
function captureArgs({ state, remembered, ids }: Capture): [string, number, ...string[]] {
  return [state, remembered.length, ...remembered, ...ids];
}
