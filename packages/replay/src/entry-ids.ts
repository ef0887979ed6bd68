// Stream entry ids (`<ms>-<seq>`, both unsigned 64-bit): checked as users give them (whole
// ids, and bounds that may leave out the sequence), and their order. Compared as decimal
// strings (length, then characters): exact past 2^53, no BigInt per comparison — merges
// compare ids for every entry.
import { BadInputError } from './errors.ts';

/** The largest sequence number of an entry id: `<ms>-MAX_SEQ` is the last id of a millisecond. */
export const MAX_SEQ = '18446744073709551615';
const UINT64_MAX = BigInt(MAX_SEQ);
const ENTRY_ID = /^(0|[1-9]\d{0,19})(?:-(0|[1-9]\d{0,19}))?$/;

/** The position before every entry: a group at `0-0` has been handed nothing. */
export const BEFORE_ALL = '0-0';

const WHOLE_ENTRY_ID = /^(0|[1-9]\d{0,19})-(0|[1-9]\d{0,19})$/;

export function isEntryId(value: string): boolean {
  return WHOLE_ENTRY_ID.test(value);
}

/** Throws BadInputError naming `parameter` unless `value` is an entry id `<ms>-<seq>`. */
export function assertEntryId(parameter: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !isEntryId(value)) {
    throw new BadInputError(parameter, `must be a stream entry id <ms>-<seq>, got ${JSON.stringify(value)}`);
  }
}

/** Negative, zero or positive as entry id `a` is before, equal to or after `b`. */
export function compareEntryIds(a: string, b: string): number {
  const aDash = a.indexOf('-');
  const bDash = b.indexOf('-');
  if (aDash === bDash && a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
  return (
    compareDigits(a.slice(0, aDash), b.slice(0, bDash)) ||
    compareDigits(a.slice(aDash + 1), b.slice(bDash + 1))
  );
}

function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The append time of an entry id, in ms (Redis' clock when the entry was added). */
export function appendMsOf(entryId: string): number {
  return Number(entryId.slice(0, entryId.indexOf('-')));
}

/**
 * A user's entry id bound as a full id: `<ms>-<seq>`, or `<ms>` alone, which means the first
 * entry of that ms for a lower bound and the last for an upper one. Throws BadInputError.
 */
export function parseEntryIdBound(text: string, parameter: string, side: 'from' | 'to'): string {
  const match = ENTRY_ID.exec(text.trim());
  if (!match) {
    throw new BadInputError(parameter, `expected a stream entry id like 1700000000000-0, got "${text}"`);
  }
  const ms = match[1] as string;
  const seq = match[2] ?? (side === 'from' ? '0' : MAX_SEQ);
  if (BigInt(ms) > UINT64_MAX || BigInt(seq) > UINT64_MAX) {
    throw new BadInputError(parameter, `entry id parts must fit in 64 bits, got "${text}"`);
  }
  return `${ms}-${seq}`;
}

/** The range of entry ids appended within [fromMs, toMs] (inclusive, whole milliseconds). */
export function idOfMs(ms: bigint, side: 'from' | 'to'): string {
  return `${ms}-${side === 'from' ? '0' : MAX_SEQ}`;
}
