// Which dead letters a requeue takes, decided the same way for the dry run and the real run:
// by refs (each must exist) or by a match over the scope's dead letters, in scope order,
// sorted into those already requeued, those that cannot be (their fields are lost), and the
// candidates — at most `limit` of them, so a mis-click cannot flood a stream.
import type { EventType } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { type DeadLetterKind, parseDeadLetter } from '@tickflow/streams';
import { BadInputError, NotFoundError } from '../errors.ts';
import type { Scope } from '../scope.ts';
import {
  checkKinds,
  compareRefs,
  formatRef,
  keysOf,
  parseRef,
  selectPartitions,
} from './dead-letter-refs.ts';
import { type DeadLetterEntry, scanDeadLetters } from './dead-letter-scan.ts';

export interface RequeueMatch {
  readonly kinds?: readonly DeadLetterKind[];
  readonly types?: readonly EventType[];
  readonly partitions?: readonly number[];
  /** A piece of the reason, compared case-insensitively. */
  readonly reasonContains?: string;
  readonly predicate?: (deadLetter: DeadLetterEntry) => boolean;
}

export interface NotRequeueable {
  readonly ref: string;
  readonly why: string;
}

export interface Selection {
  /** Dead letters named or matched (up to where the limit stopped the scan). */
  readonly matched: number;
  readonly alreadyRequeued: number;
  readonly notRequeueable: NotRequeueable[];
  /** To requeue, in scope order. */
  readonly candidates: DeadLetterEntry[];
  /** More matched candidates exist beyond `limit`. */
  readonly truncated: boolean;
}

const SCAN_PAGE = 1_000;

/** Sorts `letters` (in scope order) into the selection, stopping after `limit` candidates. */
function sortOut(scope: Scope, letters: Iterable<DeadLetterEntry>, limit: number): Selection {
  let matched = 0;
  let alreadyRequeued = 0;
  const notRequeueable: NotRequeueable[] = [];
  const candidates: DeadLetterEntry[] = [];
  for (const letter of letters) {
    const why = unrequeueable(scope, letter);
    if (letter.requeuedAs === undefined && why === undefined && candidates.length === limit) {
      return { matched, alreadyRequeued, notRequeueable, candidates, truncated: true };
    }
    matched++;
    if (letter.requeuedAs !== undefined) alreadyRequeued++;
    else if (why !== undefined) notRequeueable.push({ ref: letter.ref, why });
    else candidates.push(letter);
  }
  return { matched, alreadyRequeued, notRequeueable, candidates, truncated: false };
}

function unrequeueable(scope: Scope, letter: DeadLetterEntry): string | undefined {
  const stream = keysOf(scope, letter).stream;
  if (letter.stream !== stream) return `it came from ${letter.stream}, not from ${stream}`;
  if (letter.fields === null) {
    return 'its entry was trimmed from the stream before it was dead-lettered: the original fields are lost';
  }
  return undefined;
}

/** The dead letters named by `refs`; NotFoundError naming those that do not exist. */
export async function selectByRefs(
  redis: RedisClient,
  scope: Scope,
  refs: readonly string[],
  limit: number,
): Promise<Selection> {
  const parsed = [...new Set(refs)].map((ref) => parseRef('refs', ref, scope)).sort(compareRefs);
  const letters = await Promise.all(
    parsed.map(async (ref) => {
      const keys = keysOf(scope, ref);
      const [found] = await redis.xrange(keys.deadLetter, ref.id, ref.id);
      if (found === undefined) return undefined;
      const requeuedAs = (await redis.hget(keys.requeued, ref.id)) ?? undefined;
      return { ...parseDeadLetter(ref.id, found[1]), ref: formatRef(ref), ...ref, requeuedAs };
    }),
  );
  const missing = parsed.filter((_, i) => letters[i] === undefined).map(formatRef);
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).join(', ');
    throw new NotFoundError(
      `no such dead letter in ${scope.namespace}: ${shown}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}`,
    );
  }
  const selection = sortOut(scope, letters as DeadLetterEntry[], limit);
  if (selection.truncated) {
    throw new BadInputError('refs', `more than limit (${limit}) of the dead letters named can be requeued`);
  }
  return selection;
}

/** The dead letters of the scope that `match` selects, in scope order. */
export async function selectByMatch(
  redis: RedisClient,
  scope: Scope,
  match: RequeueMatch,
  limit: number,
): Promise<Selection> {
  checkKinds(match.kinds);
  if (match.reasonContains !== undefined && typeof match.reasonContains !== 'string') {
    throw new BadInputError(
      'match.reasonContains',
      `must be a string, got ${JSON.stringify(match.reasonContains)}`,
    );
  }
  const streams = selectPartitions(scope, match);
  const needle = match.reasonContains?.toLowerCase();
  const matching: DeadLetterEntry[] = [];
  let candidates = 0;
  for await (const letter of scanDeadLetters(redis, scope, streams, undefined, SCAN_PAGE)) {
    if (match.kinds !== undefined && !match.kinds.includes(letter.kind)) continue;
    if (needle !== undefined && !letter.reason.toLowerCase().includes(needle)) continue;
    if (match.predicate !== undefined && !match.predicate(letter)) continue;
    matching.push(letter);
    // One candidate past the limit is enough to know the selection is truncated.
    const candidate = letter.requeuedAs === undefined && unrequeueable(scope, letter) === undefined;
    if (candidate && ++candidates > limit) break;
  }
  return sortOut(scope, matching, limit);
}
