// The opaque paging cursor of queryEvents: base64url of JSON
// `{"v":1,"o":"o"|"n","p":{"md:3":"1700000000000-5",…}}` — the order it was made for and,
// per stream (`<tag>:<partition>`), the id of the last entry scanned there. The next page
// continues after (oldest first) or before (newest first) each position; a stream it does
// not name starts at the range bound. Positions, not offsets: entries appended or trimmed
// meanwhile never shift a page.
import { BadInputError } from '../errors.ts';

export type QueryOrder = 'oldest' | 'newest';

const MAX_CURSOR_LENGTH = 100_000;
const TAG = /^[a-z]{1,16}:\d{1,5}$/;
const FULL_ENTRY_ID = /^\d{1,20}-\d{1,20}$/;

/** Stream tag → id of the last entry scanned in it. */
export type Positions = ReadonlyMap<string, string>;

export function encodeCursor(order: QueryOrder, positions: Positions): string {
  const json = JSON.stringify({ v: 1, o: order === 'oldest' ? 'o' : 'n', p: Object.fromEntries(positions) });
  return Buffer.from(json, 'utf8').toString('base64url');
}

/** The positions of a cursor made for `order`; anything else is BadInputError('cursor'). */
export function decodeCursor(cursor: string, order: QueryOrder): Map<string, string> {
  const bad = (why: string) => new BadInputError('cursor', `${why}: pass back a nextCursor as it was given`);
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw bad('not a cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad('not a cursor');
  }
  if (typeof parsed !== 'object' || parsed === null || !('v' in parsed) || parsed.v !== 1) {
    throw bad('not a cursor of this version');
  }
  const madeFor = 'o' in parsed ? parsed.o : undefined;
  if (madeFor !== (order === 'oldest' ? 'o' : 'n')) {
    throw new BadInputError(
      'cursor',
      `was made for order ${madeFor === 'o' ? 'oldest' : 'newest'}, not ${order}: start again without a cursor to change the order`,
    );
  }
  const positions = 'p' in parsed ? parsed.p : undefined;
  if (typeof positions !== 'object' || positions === null || Array.isArray(positions))
    throw bad('not a cursor');
  const decoded = new Map<string, string>();
  for (const [tag, entryId] of Object.entries(positions)) {
    if (!TAG.test(tag) || typeof entryId !== 'string' || !FULL_ENTRY_ID.test(entryId))
      throw bad('not a cursor');
    decoded.set(tag, entryId);
  }
  return decoded;
}
