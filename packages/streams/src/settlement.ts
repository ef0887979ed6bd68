// How a partition worker settles entries: acks (with the checkpoint and the handlers'
// partition state, in one fenced script per batch) and dead-letter moves (fenced, atomic
// with their ack). It owns what must stay consistent with Redis: the entries processed but
// not yet acked (each holding an in-flight permit), the checkpoint, and the partition state.
// An ack may run in the background (startAck) while the worker reads and handles the next
// batch: what it acks (ids, state, ids to remember) is captured when it starts, between
// batches, when no handler is running; acks are sent one after the other, in order (what is
// captured while one is in flight goes out as one ack after it); and the checkpoint and the
// remembered ids move on only once Redis has applied them.
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
  /** Entries processed and not (yet) acked: waiting for an ack, or left by one not applied. */
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
  /**
   * Captures what flushAcks would ack, now, and sends it once the acks started before it are
   * done, without waiting. Call it only between entries (no handler running).
   */
  startAck(): void;
  /** Resolves once every started ack is done; rejects with the error one of them threw. */
  settled(): Promise<void>;
  /** True when a started ack threw: `settled` rethrows it. */
  readonly failed: boolean;
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

/** Ids one merged ack may carry (the ack script passes them to XACK through Lua's unpack). */
const MAX_MERGED_ACK_IDS = 1_000;

const TRIMMED = 'entry was trimmed from the stream before it was processed';

export function createSettlement(deps: SettlementDeps): Settlement {
  const { keys, holder, commands, config, inFlight, labels, signal } = deps;
  const { group, metrics } = config;
  let checkpoint: string | undefined;
  let unacked: string[] = [];
  let state: unknown;
  // Bumped by every state.set; an ack carries the state when it changed since the last one.
  let stateVersion = 0;
  let capturedVersion = 0;
  let toRemember = new Set<string>();
  // The acks started, in order; resolves false once one was not applied (fenced, aborted or
  // failed): the worker is then ending, and later acks are not sent.
  let chain: Promise<boolean> = Promise.resolve(true);
  let failure: { error: unknown } | undefined;
  // Entries of acks that were not applied: their permits are given back by releaseUnacked.
  let stranded = 0;

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

  interface Capture {
    readonly ids: string[];
    /** The state as JSON, or '' when unchanged since the previous ack. */
    readonly state: string;
    readonly remembered: string[];
  }

  /**
   * Two captures, in order, as one: every id, the later state when it changed, and the later
   * ids to remember (a capture takes every id not yet saved, so the later one has them all).
   */
  function merged(first: Capture, second: Capture): Capture {
    return {
      ids: first.ids.concat(second.ids),
      state: second.state === '' ? first.state : second.state,
      remembered: second.remembered,
    };
  }

  /** What an ack would carry now; undefined when no entry awaits one (unless `evenIfNone`). */
  function capture(evenIfNone = false): Capture | undefined {
    if (unacked.length === 0 && !evenIfNone) return undefined;
    // The state is serialized here, once per batch (a live object may define toJSON), and
    // first: should it throw, the entries stay unacked (and their permits accounted for).
    const saved = stateVersion !== capturedVersion ? JSON.stringify(state ?? null) : '';
    capturedVersion = stateVersion;
    const ids = unacked;
    unacked = [];
    return { ids, state: saved, remembered: [...toRemember] };
  }

  // Captured acks not yet started. A capture made while the ack before it is in flight is
  // merged into the last of these (up to MAX_MERGED_ACK_IDS ids), so a slow round trip never
  // leaves a queue of small acks behind it, each holding its entries' permits.
  const waiting: Capture[] = [];

  /** Sends a captured ack after those before it, merged with any captured meanwhile; true once applied. */
  function enqueue(ack: Capture): Promise<boolean> {
    const last = waiting.at(-1);
    if (last !== undefined && last.ids.length + ack.ids.length <= MAX_MERGED_ACK_IDS) {
      waiting[waiting.length - 1] = merged(last, ack);
      return chain;
    }
    waiting.push(ack);
    // Each link of the chain sends exactly one item of `waiting`, the oldest.
    chain = chain.then(async (previousApplied) => {
      const next = waiting.shift() as Capture;
      let applied = false;
      try {
        applied = previousApplied && (await send(next));
      } catch (error) {
        failure ??= { error };
      }
      if (!applied) stranded += next.ids.length;
      return applied;
    });
    return chain;
  }

  async function send(ack: Capture): Promise<boolean> {
    const { ids, state: savedState, remembered } = ack;
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
    if (acked) applied(ack, ids.at(-1) as string);
    return acked;
  }

  /** Bookkeeping once Redis applied an ack (alone, or with a dead-letter move up to `through`). */
  function applied({ ids, remembered }: Capture, through: string): void {
    // Only now: until the script has run, isRemembered must answer from memory.
    for (const id of remembered) toRemember.delete(id);
    advance(through);
    if (ids.length > 0) {
      inFlight.give(ids.length);
      metrics.acked(labels, ids.length);
    }
  }

  const settlement: Settlement = {
    state: {
      get: <T>() => state as T | undefined,
      set: (value: unknown) => {
        state = value;
        stateVersion++;
      },
    },
    get unacked() {
      return unacked.length + stranded;
    },
    async load() {
      await settlement.settled();
      const [last, saved] = await commands.hmget(keys.checkpoint(group), 'last', 'state');
      checkpoint = last ?? undefined;
      state = saved === null || saved === undefined ? undefined : JSON.parse(saved);
      capturedVersion = stateVersion;
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
      settlement.startAck();
      await settlement.settled();
    },
    startAck() {
      const ack = capture();
      if (ack) enqueue(ack);
    },
    async settled() {
      await chain;
      if (failure) {
        const { error } = failure;
        failure = undefined;
        throw error;
      }
    },
    get failed() {
      return failure !== undefined;
    },
    async deadLetter(entry, kind, reason = TRIMMED, deliveries = entry.deliveries) {
      // Acks already started go first, in order. What is left — the entries processed before
      // this one, the state, the ids to remember — goes with the move, in the same atomic
      // step: the state may already hold this entry's work by handlers that succeeded on it.
      await settlement.settled();
      const ack = capture(true) as Capture;
      let moved = false;
      try {
        moved = await fencedCall('dead-letter', () =>
          commands.tfDeadLetter(
            keys.stream,
            keys.lease(group),
            keys.checkpoint(group),
            keys.deadLetter,
            keys.remembered(group),
            group,
            holder,
            entry.id,
            reason,
            deliveries,
            config.deadLetterMaxLength,
            entry.fields === null ? '' : JSON.stringify(entry.fields),
            ack.state,
            ack.remembered.length,
            ...ack.remembered,
            ...ack.ids,
          ),
        );
      } finally {
        if (!moved) stranded += ack.ids.length;
      }
      if (!moved) return false;
      applied(ack, entry.id);
      metrics.deadLettered(labels, kind);
      return true;
    },
    releaseUnacked() {
      if (unacked.length + stranded > 0) inFlight.give(unacked.length + stranded);
      unacked = [];
      stranded = 0;
    },
  };
  return settlement;
}
