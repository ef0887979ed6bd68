// Dead-letter redrive: the selected dead letters appended again to their partition streams,
// with provenance, in bounded chunks — one script call per chunk, each of one partition (one
// hash tag, so it runs on Redis Cluster) — idempotent per dead letter, and with a dry run
// that writes nothing and reports what the real run would do.
import type { RedisClient } from '@tickflow/streams';
import { BadInputError } from '../errors.ts';
import type { Scope } from '../scope.ts';
import { keysOf } from './dead-letter-refs.ts';
import type { DeadLetterEntry } from './dead-letter-scan.ts';
import { withRequeueScript } from './requeue-script.ts';
import {
  type NotRequeueable,
  type RequeueMatch,
  type Selection,
  selectByMatch,
  selectByRefs,
} from './requeue-selection.ts';

export interface RequeueOptions {
  /** Dead letters by ref; give this or `match`, not both. */
  readonly refs?: readonly string[];
  readonly match?: RequeueMatch;
  /** True: write nothing, report what the real run would do. Required, so a real run is never a default. */
  readonly dryRun: boolean;
  /** Dead letters per script call, 1 to 1,000. Default 100. */
  readonly chunkSize?: number;
  /** Most dead letters requeued by this call. Default 1,000 (DEFAULT_REQUEUE_LIMIT). */
  readonly limit?: number;
  /** Called after each chunk is applied (not in a dry run). */
  readonly onChunk?: (chunk: RequeueChunk) => void;
}

export interface RequeueChunk {
  readonly stream: string;
  readonly sent: number;
  readonly requeued: number;
}

export interface RequeuedEntry {
  readonly ref: string;
  readonly stream: string;
  /** The new entry's id; null in a dry run. */
  readonly newEntryId: string | null;
}

export interface RequeueResult {
  readonly dryRun: boolean;
  readonly matched: number;
  /** Requeued now (in a dry run: would be). */
  readonly requeued: number;
  /** Requeued before: not appended again. */
  readonly alreadyRequeued: number;
  readonly notRequeueable: NotRequeueable[];
  readonly entries: RequeuedEntry[];
  /** More dead letters matched than `limit` allowed: run again (it skips those done) for the rest. */
  readonly truncated: boolean;
}

export const DEFAULT_REQUEUE_LIMIT = 1_000;
export const DEFAULT_CHUNK_SIZE = 100;
const MAX_CHUNK_SIZE = 1_000;

/** Requeues dead letters of `scope` (see RequeueOptions); refs that do not exist throw NotFoundError. */
export async function requeueDeadLetters(
  redis: RedisClient,
  scope: Scope,
  options: RequeueOptions,
): Promise<RequeueResult> {
  const { refs, match, dryRun } = options;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const limit = options.limit ?? DEFAULT_REQUEUE_LIMIT;
  if ((refs === undefined) === (match === undefined)) {
    throw new BadInputError('refs', 'give exactly one of refs and match');
  }
  if (refs !== undefined && (!Array.isArray(refs) || refs.length === 0)) {
    throw new BadInputError('refs', 'must be a non-empty list of dead-letter references');
  }
  if (typeof dryRun !== 'boolean') {
    throw new BadInputError('dryRun', `must be true or false, got ${JSON.stringify(dryRun)}`);
  }
  integerIn('chunkSize', chunkSize, 1, MAX_CHUNK_SIZE);
  integerIn('limit', limit, 1, Number.MAX_SAFE_INTEGER);

  const selection: Selection =
    refs !== undefined
      ? await selectByRefs(redis, scope, refs, limit)
      : await selectByMatch(redis, scope, match as RequeueMatch, limit);
  const { matched, candidates, truncated } = selection;
  if (dryRun) {
    const entries = candidates.map((letter) => ({
      ref: letter.ref,
      stream: letter.stream,
      newEntryId: null,
    }));
    const { alreadyRequeued, notRequeueable } = selection;
    return { dryRun, matched, requeued: entries.length, alreadyRequeued, notRequeueable, entries, truncated };
  }

  const scripted = withRequeueScript(redis);
  const entries: RequeuedEntry[] = [];
  const notRequeueable = [...selection.notRequeueable];
  let alreadyRequeued = selection.alreadyRequeued;
  for (const chunk of chunksByPartition(candidates, chunkSize)) {
    const keys = keysOf(scope, chunk[0] as DeadLetterEntry);
    const reply = await scripted.tfReplayRequeue(
      keys.stream,
      keys.deadLetter,
      keys.requeued,
      ...chunk.map((letter) => letter.id),
    );
    let requeuedHere = 0;
    chunk.forEach((letter, i) => {
      const status = reply[2 * i];
      const value = reply[2 * i + 1] ?? '';
      if (status === 'requeued') {
        entries.push({ ref: letter.ref, stream: keys.stream, newEntryId: value });
        requeuedHere++;
      } else if (status === 'already') {
        // Requeued by someone else since the selection was read.
        alreadyRequeued++;
      } else {
        notRequeueable.push({ ref: letter.ref, why: whyNot(status, value) });
      }
    });
    options.onChunk?.({ stream: keys.stream, sent: chunk.length, requeued: requeuedHere });
  }
  return { dryRun, matched, requeued: entries.length, alreadyRequeued, notRequeueable, entries, truncated };
}

/** Candidates (in scope order) cut into chunks of one partition each. */
function chunksByPartition(candidates: readonly DeadLetterEntry[], size: number): DeadLetterEntry[][] {
  const byPartition = new Map<string, DeadLetterEntry[]>();
  for (const letter of candidates) {
    const key = `${letter.type}:${letter.partition}`;
    const letters = byPartition.get(key) ?? [];
    letters.push(letter);
    byPartition.set(key, letters);
  }
  const chunks: DeadLetterEntry[][] = [];
  for (const letters of byPartition.values()) {
    for (let from = 0; from < letters.length; from += size) chunks.push(letters.slice(from, from + size));
  }
  return chunks;
}

function whyNot(status: string | undefined, value: string): string {
  switch (status) {
    case 'missing':
      return 'it was trimmed from the dead-letter stream since it was selected';
    case 'trimmed':
      return 'its entry was trimmed from the stream before it was dead-lettered: the original fields are lost';
    case 'foreign':
      return `it came from ${value}, not from this partition's stream`;
    default:
      return `unexpected reply from the requeue script: ${String(status)}`;
  }
}

function integerIn(parameter: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new BadInputError(
      parameter,
      `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  }
}
