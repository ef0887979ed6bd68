// Browsing the dead letters of a scope: a page in scope order (oldest move first, across
// partitions), filtered by type, partition and kind, with a cursor to the next page and the
// counts per stream and kind an operator looks at first.
import type { EventType } from '@tickflow/events';
import type { DeadLetterKind, RedisClient } from '@tickflow/streams';
import { BadInputError } from '../errors.ts';
import type { Scope } from '../scope.ts';
import { checkKinds, keysOf, parseRef, selectPartitions } from './dead-letter-refs.ts';
import { type DeadLetterEntry, scanDeadLetters } from './dead-letter-scan.ts';

export interface ListDeadLettersOptions {
  readonly types?: readonly EventType[];
  readonly partitions?: readonly number[];
  readonly kinds?: readonly DeadLetterKind[];
  /** Entries per page, 1 to 1,000. */
  readonly limit: number;
  /** The previous page's nextCursor. */
  readonly cursor?: string;
}

export interface DeadLetterCounts {
  readonly type: EventType;
  readonly partition: number;
  /** The partition stream the dead letters came from. */
  readonly stream: string;
  /** Dead letters kept in the partition's dead-letter stream. */
  readonly total: number;
  /** How many of those were requeued. */
  readonly requeued: number;
  /**
   * Per kind; counted on the first page only (no cursor), and only for a stream of at most
   * KIND_COUNT_LIMIT dead letters (reading more on every listing would cost too much).
   */
  readonly byKind: Partial<Record<DeadLetterKind, number>> | undefined;
}

export interface DeadLetterPage {
  readonly entries: DeadLetterEntry[];
  /** Where the next page starts; undefined when there are no more dead letters. */
  readonly nextCursor: string | undefined;
  /** One per selected partition stream that has dead letters, in scope order. */
  readonly counts: DeadLetterCounts[];
}

const MAX_PAGE = 1_000;
export const KIND_COUNT_LIMIT = 10_000;
/** Dead letters read at most for one page: a rare kind must not make one call read everything. */
const MAX_SCANNED = 10_000;

/** A page of dead letters: see ListDeadLettersOptions. */
export async function listDeadLetters(
  redis: RedisClient,
  scope: Scope,
  options: ListDeadLettersOptions,
): Promise<DeadLetterPage> {
  const { limit, kinds, cursor } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new BadInputError(
      'limit',
      `must be an integer from 1 to ${MAX_PAGE}, got ${JSON.stringify(limit)}`,
    );
  }
  checkKinds(kinds);
  const after = cursor === undefined ? undefined : parseRef('cursor', cursor, scope);
  const streams = selectPartitions(scope, options);
  const entries: DeadLetterEntry[] = [];
  let scanned = 0;
  let lastScanned: string | undefined;
  let nextCursor: string | undefined;
  for await (const letter of scanDeadLetters(redis, scope, streams, after, Math.min(limit + 1, MAX_PAGE))) {
    // Seeing one more than a full page (or the scan budget spent) means there is a next page.
    if (entries.length === limit || scanned === MAX_SCANNED) {
      nextCursor = lastScanned;
      break;
    }
    scanned++;
    lastScanned = letter.ref;
    if (kinds === undefined || kinds.includes(letter.kind)) entries.push(letter);
  }
  const counts = await Promise.all(
    streams.map((stream) => countsOf(redis, scope, stream, cursor === undefined)),
  );
  return { entries, nextCursor, counts: counts.filter((count) => count.total > 0) };
}

async function countsOf(
  redis: RedisClient,
  scope: Scope,
  { type, partition }: { type: EventType; partition: number },
  withKinds: boolean,
): Promise<DeadLetterCounts> {
  const keys = keysOf(scope, { type, partition });
  const [total, requeued] = await Promise.all([redis.xlen(keys.deadLetter), redis.hlen(keys.requeued)]);
  let byKind: Partial<Record<DeadLetterKind, number>> | undefined;
  if (withKinds && total > 0 && total <= KIND_COUNT_LIMIT) {
    byKind = {};
    for await (const letter of scanDeadLetters(redis, scope, [{ type, partition }], undefined, MAX_PAGE)) {
      byKind[letter.kind] = (byKind[letter.kind] ?? 0) + 1;
    }
  }
  return { type, partition, stream: keys.stream, total, requeued, byKind };
}
