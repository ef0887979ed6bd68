// Retention preflight: before a selection is read, every one of its streams is asked (one
// XINFO STREAM each, in one pipeline) whether the history the selection starts at is still
// there, so a replay or export fails at once, naming the stream and the oldest point still
// available, instead of silently starting later or failing half-way.
import { nsToIso } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { appendMsOf, compareEntryIds } from '../entry-ids.ts';
import type { Scope } from '../scope.ts';
import { fieldOf, isNoSuchKey, outcomes, replyField } from './redis-replies.ts';
import { type SelectedStream, selectedStreams } from './selected-streams.ts';
import type { Selection } from './selection.ts';
import { type OldestKept, TrimmedHistoryError } from './trimmed-history.ts';

/**
 * Throws TrimmedHistoryError (a HistoryTrimmedError) for the first stream that lost part of
 * the selected history:
 * - an entry-id start (`fromId`, or an append-time `from`): the stream lost entries and its
 *   oldest kept entry is after the start, or an entry at or after the start was deleted
 *   (the condition on which the streams reader fails too);
 * - an event-time start: the stream lost entries and its oldest kept entry's ts_event is
 *   after `from`. Event time is not append order, so this is the best a stream can tell; a
 *   stream trimmed empty has no oldest entry to compare and passes.
 * A selection without a start reads whatever is kept and is never refused.
 */
export async function assertAvailable(redis: RedisClient, scope: Scope, selection: Selection): Promise<void> {
  if (selection.fromId === undefined && selection.fromNs === undefined) return;
  const streams = selectedStreams(scope, selection);
  const pipeline = redis.pipeline();
  for (const { stream } of streams) pipeline.call('XINFO', 'STREAM', stream);
  const results = await outcomes(pipeline, streams.length);
  streams.forEach((stream, at) => {
    const [error, reply] = results[at] as (typeof results)[number];
    if (error && isNoSuchKey(error)) return;
    if (error) throw error;
    const trimmed = trimmedPart(stream, reply as unknown[], selection);
    if (trimmed) throw trimmed;
  });
}

function trimmedPart(
  { stream }: SelectedStream,
  info: readonly unknown[],
  selection: Selection,
): TrimmedHistoryError | undefined {
  const length = Number(replyField(info, 'length'));
  const maxDeleted = String(replyField(info, 'max-deleted-entry-id') ?? '0-0');
  const lost = Number(replyField(info, 'entries-added')) > length || maxDeleted !== '0-0';
  if (!lost) return undefined;
  const oldest = oldestKept(replyField(info, 'first-entry'));
  const { fromId, fromNs } = selection;
  const fail = (from: string) =>
    new TrimmedHistoryError(stream, describe(stream, from, info, oldest), oldest);

  if (fromId !== undefined) {
    const lastAdded = String(replyField(info, 'last-generated-id') ?? '0-0');
    const gone = oldest
      ? compareEntryIds(oldest.entryId, fromId) > 0 ||
        (maxDeleted !== '0-0' && compareEntryIds(maxDeleted, fromId) >= 0)
      : compareEntryIds(lastAdded, fromId) >= 0;
    if (gone) return fail(`${fromId} (appended ${isoMs(appendMsOf(fromId))})`);
  }
  if (fromNs !== undefined && oldest?.tsEventNs !== undefined && oldest.tsEventNs > fromNs) {
    return fail(`event time ${nsToIso(fromNs)}`);
  }
  return undefined;
}

function oldestKept(firstEntry: unknown): OldestKept | undefined {
  if (!Array.isArray(firstEntry) || typeof firstEntry[0] !== 'string') return undefined;
  const entryId = firstEntry[0];
  const tsEvent = Array.isArray(firstEntry[1]) ? fieldOf(firstEntry[1] as string[], 'ts_event') : undefined;
  return {
    entryId,
    appendMs: appendMsOf(entryId),
    tsEventNs: tsEvent !== undefined && /^\d{1,19}$/.test(tsEvent) ? BigInt(tsEvent) : undefined,
  };
}

function describe(stream: string, from: string, info: readonly unknown[], oldest: OldestKept | undefined) {
  const head = `${stream}: history from ${from} was trimmed by retention (or deleted)`;
  if (!oldest) {
    const last = String(replyField(info, 'last-generated-id'));
    return `${head}; the stream holds no entries now (the last one, ${last}, was appended ${isoMs(appendMsOf(last))})`;
  }
  const eventTime = oldest.tsEventNs === undefined ? '' : `, event time ${nsToIso(oldest.tsEventNs)}`;
  return `${head}; the oldest entry still available is ${oldest.entryId}, appended ${isoMs(oldest.appendMs)}${eventTime}`;
}

function isoMs(ms: number): string {
  return Number.isFinite(ms) && ms < 8.64e15 ? new Date(ms).toISOString() : `${ms} ms`;
}
