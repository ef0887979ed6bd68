// Event ids. New events get a UUIDv7 (time-ordered, so ids sort roughly by creation);
// derived events get a UUIDv5 of (scope, cause, index), so a handler that runs twice on the
// same input (after a crash, on a replay) emits the very same ids and duplicates collapse.
import { randomFillSync } from 'node:crypto';
import { parse as parseUuid } from 'uuid';
import { derivedUuids } from './uuid-v5.ts';

/** Namespace of Tickflow's derived ids; changing it would change every derived id. */
const DERIVED_ID_NAMESPACE = '6f1c1d9e-3b7a-4f0e-9a51-0d4c2b7e8a13';
const derivedUuid = derivedUuids(parseUuid(DERIVED_ID_NAMESPACE));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A fresh, time-ordered event id (UUIDv7). `nowMs` pins its time part (for tests). */
export function newEventId(nowMs?: number): string {
  if (nowMs !== undefined && (!Number.isSafeInteger(nowMs) || nowMs < 0 || nowMs >= 2 ** 48)) {
    throw new RangeError(`a UUIDv7 time must be an integer number of ms from 0 to 2^48 - 1, got ${nowMs}`);
  }
  const random = takeRandom();
  if (nowMs !== undefined) return formatV7(nowMs, sequenceOf(random), random);
  // Monotonic within the process (as the uuid package does it): a new millisecond starts the
  // 32-bit counter at a random value; later ids in the same millisecond (or a clock step
  // back) increment it, and its overflow moves on to the next millisecond.
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    lastSeq = sequenceOf(random);
  } else {
    lastSeq = (lastSeq + 1) | 0;
    if (lastSeq === 0) lastMs++;
  }
  return formatV7(lastMs, lastSeq, random);
}

// One crypto call fills the pool for 256 ids, instead of one call per id: the call's fixed
// cost dominated id generation (a profile of publishing put it at ~5 µs per id).
const POOL = new Uint8Array(16 * 256);
let poolAt = POOL.length;
let lastMs = Number.NEGATIVE_INFINITY;
let lastSeq = 0;

/** Where the next unused 16 random bytes start in POOL (refilled when used up). */
function takeRandom(): number {
  if (poolAt === POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  poolAt += 16;
  return poolAt - 16;
}

function byteAt(offset: number): number {
  return POOL[offset] as number;
}

/** The 31-bit random start of a millisecond's counter (bytes 6-9 of the random block). */
function sequenceOf(at: number): number {
  return ((byteAt(at + 6) & 0x7f) << 24) | (byteAt(at + 7) << 16) | (byteAt(at + 8) << 8) | byteAt(at + 9);
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * RFC 9562 UUIDv7, laid out as the uuid package lays it out: 48-bit ms, version 7, the
 * counter's top 12 bits, variant 10, the counter's next 20 bits, then 42 random bits.
 */
function formatV7(ms: number, seq: number, at: number): string {
  const hex = (byte: number) => HEX[byte & 0xff] as string;
  return (
    hex(ms / 0x10000000000) +
    hex(ms / 0x100000000) +
    hex(ms / 0x1000000) +
    hex(ms / 0x10000) +
    '-' +
    hex(ms / 0x100) +
    hex(ms) +
    '-' +
    hex(0x70 | ((seq >>> 28) & 0x0f)) +
    hex(seq >>> 20) +
    '-' +
    hex(0x80 | ((seq >>> 14) & 0x3f)) +
    hex(seq >>> 6) +
    '-' +
    hex(((seq << 2) & 0xff) | (byteAt(at + 10) & 0x03)) +
    hex(byteAt(at + 11)) +
    hex(byteAt(at + 12)) +
    hex(byteAt(at + 13)) +
    hex(byteAt(at + 14)) +
    hex(byteAt(at + 15))
  );
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
  return derivedUuid(scope, cause, index);
}

/** True for a canonical lower-case UUID string. */
export function isEventId(value: string): boolean {
  return UUID.test(value);
}
