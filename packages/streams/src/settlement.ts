// How a partition worker settles entries: acks (with the checkpoint and the handlers'
// partition state, in one fenced script per batch) and dead-letter moves (fenced, atomic
// with their ack). It owns what must stay consistent with Redis: the entries processed but
// not yet acked (each holding an in-flight permit), the checkpoint, and the partition state.
import type { PartitionKeys } from '@tickflow/events';
import { pause, retryDelayMs } from './backoff.ts';
import { RedisUnavailableError, toStreamsError } from './errors.ts';
import type { PartitionState } from './handlers.ts';
import type { InFlightLimit } from './in-flight.ts';
import type { PartitionLabels } from './metrics.ts';
import type { ResolvedConsumerOptions } from './options.ts';
import { isFencedReply, type ScriptedRedis } from './scripts.ts';
import { isAfter } from './stream-ids.ts';

export interface Entry {
  readonly id: string;
  /** null when the entry was deleted (trimmed) while pending. */
  readonly fields: string[] | null;
  readonly deliveries: number;
}

export interface Settlement {
  readonly state: PartitionState;
  /** Entries processed and not yet acked. */
  readonly unacked: number;
  /** Loads the checkpoint and the state from Redis: at start and after an outage. */
  load(): Promise<void>;
  /** True when the checkpoint says this entry was already applied. */
  alreadyApplied(id: string): boolean;
  /** Remembers an id for good, saved atomically with the next ack. */
  remember(id: string): void;
  /** True when the id was remembered (saved, or pending in this batch). */
  isRemembered(id: string): Promise<boolean>;
  /** Records a processed entry; it is acked by the next flush. */
  processed(id: string): void;
  /** Acks every processed entry not yet acked, with checkpoint and state, fenced by the lease. */
  flushAcks(): Promise<void>;
  /** Moves an entry to the dead-letter stream (after acking what precedes it). False if aborted. */
  deadLetter(
    entry: Entry,
    kind: 'invalid' | 'failed' | 'trimmed',
    reason?: string,
    deliveries?: number,
  ): Promise<boolean>;
  /** Gives back the permits of entries left unacked (the worker is finishing). */
  releaseUnacked(): void;
}

export interface SettlementDeps {
  readonly keys: PartitionKeys;
  readonly holder: string;
  readonly commands: ScriptedRedis;
  readonly config: ResolvedConsumerOptions;
  readonly inFlight: InFlightLimit;
  readonly labels: PartitionLabels;
  readonly signal: AbortSignal;
  /** The lease is gone: a script refused us. */
  readonly onFenced: () => void;
}

const TRIMMED = 'entry was trimmed from the stream before it was processed';

export function createSettlement(deps: SettlementDeps): Settlement {
  const { keys, holder, commands, config, inFlight, labels, signal } = deps;
  const { group, metrics } = config;
  let checkpoint: string | undefined;
  let unacked: string[] = [];
  let state: unknown;
  let stateChanged = false;
  let toRemember = new Set<string>();

  const advance = (id: string) => {
    if (checkpoint === undefined || isAfter(id, checkpoint)) checkpoint = id;
  };

  /** Runs a fenced script, retrying while Redis is unreachable. False when fenced or aborted. */
  async function fencedCall(what: string, call: () => Promise<unknown>): Promise<boolean> {
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        await call();
        return true;
      } catch (error) {
        if (isFencedReply(error)) {
          deps.onFenced();
          return false;
        }
        if (!(toStreamsError(error, what) instanceof RedisUnavailableError)) throw error;
        // Redis is unreachable: keep trying; the lease's expiry decides if we lose the partition.
        await pause(retryDelayMs(attempt, config.retryBaseDelayMs, config.retryMaxDelayMs), signal);
      }
    }
    return false;
  }

  const settlement: Settlement = {
    state: {
      get: <T>() => state as T | undefined,
      set: (value: unknown) => {
        state = value;
        stateChanged = true;
      },
    },
    get unacked() {
      return unacked.length;
    },
    async load() {
      const [last, saved] = await commands.hmget(keys.checkpoint(group), 'last', 'state');
      checkpoint = last ?? undefined;
      state = saved === null || saved === undefined ? undefined : JSON.parse(saved);
      stateChanged = false;
      toRemember = new Set();
    },
    remember(id) {
      toRemember.add(id);
    },
    async isRemembered(id) {
      if (toRemember.has(id)) return true;
      return (await commands.sismember(keys.remembered(group), id)) === 1;
    },
    alreadyApplied: (id) => checkpoint !== undefined && !isAfter(id, checkpoint),
    processed(id) {
      unacked.push(id);
    },
    async flushAcks() {
      if (unacked.length === 0) return;
      const ids = unacked;
      // The state is serialized here, once per batch (a live object may define toJSON).
      const savedState = stateChanged ? JSON.stringify(state ?? null) : '';
      const remembered = [...toRemember];
      const acked = await fencedCall('ack', () =>
        commands.tfAck(
          keys.stream,
          keys.lease(group),
          keys.checkpoint(group),
          keys.remembered(group),
          group,
          holder,
          savedState,
          remembered.length,
          ...remembered,
          ...ids,
        ),
      );
      if (!acked) return;
      stateChanged = false;
      for (const id of remembered) toRemember.delete(id);
      advance(ids.at(-1) as string);
      unacked = [];
      inFlight.give(ids.length);
      metrics.acked(labels, ids.length);
    },
    async deadLetter(entry, kind, reason = TRIMMED, deliveries = entry.deliveries) {
      await settlement.flushAcks();
      const moved = await fencedCall('dead-letter', () =>
        commands.tfDeadLetter(
          keys.stream,
          keys.lease(group),
          keys.checkpoint(group),
          keys.deadLetter,
          group,
          holder,
          entry.id,
          reason,
          deliveries,
          config.deadLetterMaxLength,
          entry.fields === null ? '' : JSON.stringify(entry.fields),
        ),
      );
      if (!moved) return false;
      advance(entry.id);
      metrics.deadLettered(labels, kind);
      return true;
    },
    releaseUnacked() {
      if (unacked.length > 0) inFlight.give(unacked.length);
      unacked = [];
    },
  };
  return settlement;
}
