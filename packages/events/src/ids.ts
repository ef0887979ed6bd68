// Event ids. New events get a UUIDv7 (time-ordered, so ids sort roughly by creation);
// derived events get a UUIDv5 of (scope, cause, index), so a handler that runs twice on the
// same input (after a crash, on a replay) emits the very same ids and duplicates collapse.
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';

/** Namespace of Tickflow's derived ids; changing it would change every derived id. */
const DERIVED_ID_NAMESPACE = '6f1c1d9e-3b7a-4f0e-9a51-0d4c2b7e8a13';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A fresh, time-ordered event id (UUIDv7). `nowMs` pins its time part (for tests). */
export function newEventId(nowMs?: number): string {
  if (nowMs !== undefined && (!Number.isSafeInteger(nowMs) || nowMs < 0 || nowMs >= 2 ** 48)) {
    throw new RangeError(`a UUIDv7 time must be an integer number of ms from 0 to 2^48 - 1, got ${nowMs}`);
  }
  return nowMs === undefined ? uuidv7() : uuidv7({ msecs: nowMs });
}

export interface DerivedIdInput {
  /** Who derives: e.g. `signal-engine/sma-cross`. Two producers of one cause never collide. */
  readonly scope: string;
  /** The id of the event that caused this one. */
  readonly cause: string;
  /** Which of the cause's outputs this is (0 for the first). */
  readonly index: number;
}

/** The deterministic id of the `index`-th event that `scope` derives from `cause`. */
export function derivedEventId({ scope, cause, index }: DerivedIdInput): string {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new RangeError(`derived event index must be a non-negative integer, got ${index}`);
  }
  if (scope.length === 0 || scope.includes('\n')) {
    throw new RangeError('derived event scope must be a non-empty single-line string');
  }
  return uuidv5(`${scope}\n${cause}\n${index}`, DERIVED_ID_NAMESPACE);
}

/** True for a canonical lower-case UUID string. */
export function isEventId(value: string): boolean {
  return UUID.test(value);
}
