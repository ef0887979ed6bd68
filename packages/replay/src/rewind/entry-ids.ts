// Stream entry ids (`<ms>-<seq>`) as the operator tools take them from users: checked, and
// compared numerically (string order is wrong once the parts differ in length).
import { BadInputError } from '../errors.ts';

const ENTRY_ID = /^(0|[1-9]\d{0,19})-(0|[1-9]\d{0,19})$/;

/** The position before every entry: a group at `0-0` has been handed nothing. */
export const BEFORE_ALL = '0-0';

export function isEntryId(value: string): boolean {
  return ENTRY_ID.test(value);
}

/** Throws BadInputError naming `parameter` unless `value` is an entry id `<ms>-<seq>`. */
export function assertEntryId(parameter: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !isEntryId(value)) {
    throw new BadInputError(parameter, `must be a stream entry id <ms>-<seq>, got ${JSON.stringify(value)}`);
  }
}

/** Negative when `a` comes before `b`, 0 when equal, positive after. */
export function compareEntryIds(a: string, b: string): number {
  const [aMs, aSeq] = parts(a);
  const [bMs, bSeq] = parts(b);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}

function parts(id: string): [bigint, bigint] {
  const dash = id.indexOf('-');
  return [BigInt(id.slice(0, dash)), BigInt(id.slice(dash + 1))];
}
