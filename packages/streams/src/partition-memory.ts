// What a partition worker holds in memory of its partition's settled progress: the
// checkpoint (last applied entry), the handlers' state, the ids they asked to remember, and
// the entries processed since the last capture. A capture (taken between batches, or with a
// dead-letter move) is what the next ack carries; `saved` is the state as of the last
// capture, which is what Redis holds once the acks sent so far are applied.
//
// rollback() is how a failed attempt is undone: the handlers' state goes back to `saved`
// (parsed afresh, so nothing a handler mutated in place survives), the ids remembered since
// the capture are forgotten, and the entries processed since are to be handled again: the
// same state a crash would leave, without the crash. On the happy path it costs nothing:
// `saved` is the string each ack serializes anyway.
import type { PartitionState } from './handlers.ts';
import { isAfter } from './stream-ids.ts';

/** What one ack (or dead-letter move) carries. */
export interface Capture {
  /** Entries processed since the previous capture, ascending. */
  readonly ids: string[];
  /** The state as JSON, or '' when unchanged since the previous capture. */
  readonly state: string;
  /** Every remembered id not yet saved (SADD is idempotent, so a later capture may repeat some). */
  readonly remembered: string[];
}

export interface PartitionMemory {
  /** The handlers' view: `context.state`. */
  readonly state: PartitionState;
  /** Entries processed since the last capture. */
  readonly uncaptured: number;
  /** Starts over from what Redis holds: at start, and after an outage. */
  load(checkpoint: string | undefined, stateJson: string | undefined): void;
  /** True when the checkpoint says this entry was already applied. */
  alreadyApplied(id: string): boolean;
  remember(id: string): void;
  /** True when `id` was remembered and is not yet saved in Redis. */
  remembersUnsaved(id: string): boolean;
  processed(id: string): void;
  /** What an ack would carry now; undefined when nothing was processed since (unless `evenIfNone`). */
  capture(evenIfNone?: boolean): Capture | undefined;
  /** Undoes everything since the last capture (see the file's header). */
  rollback(): void;
  /** Redis applied `capture`, with the checkpoint moved to `through`. */
  applied(capture: Capture, through: string): void;
}

export function partitionMemory(): PartitionMemory {
  let checkpoint: string | undefined;
  let live: unknown;
  let saved: string | undefined;
  // Bumped by every state.set; a capture serializes the state only when it moved.
  let version = 0;
  let capturedVersion = 0;
  let uncaptured: string[] = [];
  let unsaved = new Set<string>();
  let rememberedAtCapture = new Set<string>();

  const parse = (json: string | undefined) =>
    json === undefined ? undefined : (JSON.parse(json) ?? undefined);

  return {
    state: {
      get: <T>() => live as T | undefined,
      set: (value: unknown) => {
        live = value;
        version++;
      },
    },
    get uncaptured() {
      return uncaptured.length;
    },
    load(last, stateJson) {
      checkpoint = last;
      saved = stateJson;
      live = parse(saved);
      capturedVersion = version;
      uncaptured = [];
      unsaved = new Set();
      rememberedAtCapture = new Set();
    },
    alreadyApplied: (id) => checkpoint !== undefined && !isAfter(id, checkpoint),
    remember(id) {
      unsaved.add(id);
    },
    remembersUnsaved: (id) => unsaved.has(id),
    processed(id) {
      uncaptured.push(id);
    },
    capture(evenIfNone = false) {
      if (uncaptured.length === 0 && !evenIfNone) return undefined;
      // Serialized here, once per capture (a live object may define toJSON), and first:
      // should it throw, the entries stay uncaptured.
      const state = version !== capturedVersion ? (JSON.stringify(live ?? null) ?? 'null') : '';
      if (state !== '') saved = state;
      capturedVersion = version;
      const ids = uncaptured;
      uncaptured = [];
      rememberedAtCapture = new Set(unsaved);
      return { ids, state, remembered: [...unsaved] };
    },
    rollback() {
      live = parse(saved);
      capturedVersion = version;
      uncaptured = [];
      unsaved = new Set([...unsaved].filter((id) => rememberedAtCapture.has(id)));
    },
    applied({ remembered }, through) {
      for (const id of remembered) {
        unsaved.delete(id);
        rememberedAtCapture.delete(id);
      }
      if (checkpoint === undefined || isAfter(through, checkpoint)) checkpoint = through;
    },
  };
}
