// What a rewind is planned, applied and undone with. A plan is plain JSON: it may go to a
// browser for review and come back to be applied, so it is checked again when it does
// (rewind-schemas.ts).
import type { EventType } from '@tickflow/events';

/** Where to rewind to: the first entry to deliver again is the first kept one at or after it. */
export type RewindTarget =
  /** An entry id: that entry (or the next kept one) and everything after is delivered again. */
  | { readonly id: string }
  /** A time, ms since the epoch (entry ids are append times). */
  | { readonly timeMs: number }
  /** Everything the stream still keeps. */
  | 'start';

/** One partition of the group, as it is and as the rewind will leave it. */
export interface RewindPartition {
  readonly type: EventType;
  readonly partition: number;
  readonly stream: string;
  /** The group's position now: the last entry handed to any of its consumers. */
  readonly lastDeliveredId: string;
  /** The group's entries-read counter now (null: Redis does not know it; the lag is then unknown). */
  readonly entriesRead: number | null;
  /** The checkpoint's last applied entry now (null: none). */
  readonly checkpoint: string | null;
  /** Entries delivered and not acked now: they are handled again whatever the rewind does. */
  readonly pending: number;
  /** The stream's max-deleted-entry-id now: a deletion after the plan makes it stale. */
  readonly maxDeletedEntryId: string;
  /** The group's position after the rewind ('0-0': before every entry); the checkpoint goes back to it too. */
  readonly target: string;
  /** The first entry delivered again; null when there is none. */
  readonly firstRedelivered: string | null;
  /** Entries the group will be handed again: those after the target up to lastDeliveredId. */
  readonly redeliver: number;
  /** Why the target is not exactly what was asked (history trimmed, a position ahead of the group...). */
  readonly clamped: string | null;
}

export interface LiveConsumer {
  readonly name: string;
  /** Since its last heartbeat or read, by Redis' clock. */
  readonly lastSeenMsAgo: number;
}

export interface RewindPlan {
  readonly namespace: string;
  readonly group: string;
  readonly to: RewindTarget;
  /** Every partition of the group of the types planned, in type then partition order. */
  readonly partitions: readonly RewindPartition[];
  /** Members seen recently when the plan was made: applying is refused while there are any. */
  readonly liveConsumers: readonly LiveConsumer[];
  /** Redis' clock, ms since the epoch. */
  readonly createdAt: number;
}

/** Where a partition was before a rewind: what an undo puts back. */
export interface SavedPosition {
  readonly type: EventType;
  readonly partition: number;
  readonly stream: string;
  readonly lastDeliveredId: string;
  readonly entriesRead: number | null;
  readonly checkpoint: string | null;
}

/** The record of the last rewind of a group, kept at operatorKeys(ns).rewindUndo(group). */
export interface SavedRewind {
  readonly namespace: string;
  readonly group: string;
  /** Who applied it, and when (Redis' clock, ms). */
  readonly by: string;
  readonly at: number;
  readonly plan: RewindPlan;
  /** The partitions the rewind moved, as they were before. */
  readonly previous: readonly SavedPosition[];
  /** Set once undone: a second undo is refused. */
  readonly undone: {
    readonly by: string;
    readonly at: number;
    /** Streams whose group was gone, so they could not be put back. */
    readonly missing: readonly string[];
  } | null;
}

/** Liveness and force, shared by applyRewind and undoRewind. */
export interface RewindGuardOptions {
  /** Apply even though consumers of the group look live. */
  readonly force?: boolean;
  /** Who does it: kept in the undo record. */
  readonly by: string;
  /** A member seen within this many ms counts as live. Default 30,000. */
  readonly liveWithinMs?: number;
}
