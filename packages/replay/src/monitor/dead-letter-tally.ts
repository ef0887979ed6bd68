// Dead-letter counts for a page refreshed every second. Totals are exact each time (XLEN and
// HLEN of every dead-letter stream, one round trip). Kinds are counted incrementally: each
// stream's entries after the last one counted, at most `budget` per stream per call — listing
// the whole dead-letter stream every second (as listDeadLetters' kind counts do, once per
// page) would cost O(dead letters) per second. A stream that shrank (trimmed, deleted) is
// counted again from its start.
import { EVENT_TYPES, type EventType, type PartitionKeys, partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { DEAD_LETTER_KINDS, type DeadLetterKind } from '@tickflow/streams';
import { allPartitions, type Scope } from '../scope.ts';
import { fieldOf, type Outcome, outcomes, replyOf } from '../selection/redis-replies.ts';
import type { DeadLetterTotals } from './snapshot.ts';

interface Counted {
  /** The last dead-letter id counted; '-' before the first. */
  after: string;
  /** Entries counted so far. */
  seen: number;
  byKind: Map<DeadLetterKind, number>;
}

export interface DeadLetterTally {
  read(): Promise<DeadLetterTotals>;
}

/** `budget`: most dead letters read per stream per call (default 2,000). */
export function createDeadLetterTally(redis: RedisClient, scope: Scope, budget = 2_000): DeadLetterTally {
  const streams: PartitionKeys[] = EVENT_TYPES.flatMap((type) =>
    allPartitions(scope).map((partition) => partitionKeys(scope.namespace, type, partition)),
  );
  const counted = new Map<string, Counted>();

  const countNew = async (keys: PartitionKeys, length: number): Promise<void> => {
    let state = counted.get(keys.deadLetter);
    if (state === undefined || length < state.seen) {
      state = { after: '-', seen: 0, byKind: new Map() };
      counted.set(keys.deadLetter, state);
    }
    if (length === state.seen) return;
    const start = state.after === '-' ? '-' : `(${state.after}`;
    const entries = await redis.xrange(keys.deadLetter, start, '+', 'COUNT', budget);
    for (const [id, fields] of entries) {
      const kind = fieldOf(fields, 'kind') as DeadLetterKind | undefined;
      if (kind !== undefined && DEAD_LETTER_KINDS.includes(kind))
        state.byKind.set(kind, (state.byKind.get(kind) ?? 0) + 1);
      state.after = id;
      state.seen++;
    }
  };

  return {
    async read() {
      const pipeline = redis.pipeline();
      for (const keys of streams) pipeline.xlen(keys.deadLetter).hlen(keys.requeued);
      const replies = await outcomes(pipeline, streams.length * 2);
      const lengths = streams.map((_, at) => Number(replyOf(replies[at * 2] as Outcome)));
      let requeued = 0;
      for (const at of streams.keys()) requeued += Number(replyOf(replies[at * 2 + 1] as Outcome));
      await Promise.all(streams.map((keys, at) => countNew(keys, lengths[at] as number)));

      const byType: Partial<Record<EventType, number>> = {};
      const byKind: Partial<Record<DeadLetterKind, number>> = {};
      let total = 0;
      for (const [at, keys] of streams.entries()) {
        const length = lengths[at] as number;
        total += length;
        if (length > 0) byType[keys.type] = (byType[keys.type] ?? 0) + length;
        for (const [kind, count] of counted.get(keys.deadLetter)?.byKind ?? [])
          byKind[kind] = (byKind[kind] ?? 0) + count;
      }
      return { total, requeued, byType, byKind };
    },
  };
}
