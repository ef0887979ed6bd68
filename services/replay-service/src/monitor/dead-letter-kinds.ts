// Dead-letter entries per event type and kind, for a gauge read at every scrape. XLEN gives
// a stream's total at once, but the kind is a field of each entry: each dead-letter stream's
// entries are counted once, incrementally (those after the last one counted, at most
// `budget` per stream per read), instead of listing whole streams every scrape. A stream's
// figures are published only once its count has reached the stream's end, so a burst larger
// than the budget shows the last complete figures until it is caught up, never a partial one.
// A stream that shrank (retention trimmed it at its MAXLEN, or it was deleted) is counted
// again from its start: the kinds of the entries trimmed away are not known.
import { EVENT_TYPES, type EventType, type PartitionKeys, partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { DEAD_LETTER_KINDS, type DeadLetterKind } from '@tickflow/streams';

export type KindCounts = Record<EventType, Record<DeadLetterKind, number>>;

export interface DeadLetterKinds {
  /** Entries in the namespace's dead-letter streams by type and kind (every pair, 0 when none). */
  read(): Promise<KindCounts>;
}

interface Tally {
  /** The last entry id counted; '-' before the first. */
  after: string;
  /** Entries counted so far. */
  seen: number;
  counting: Map<DeadLetterKind, number>;
  /** The counts as of the last time the count reached the stream's end. */
  published: Map<DeadLetterKind, number>;
}

export function createDeadLetterKinds(
  redis: RedisClient,
  scope: { readonly namespace: string; readonly partitions: number },
  budget = 2_000,
): DeadLetterKinds {
  const streams: PartitionKeys[] = EVENT_TYPES.flatMap((type) =>
    Array.from({ length: scope.partitions }, (_, partition) =>
      partitionKeys(scope.namespace, type, partition),
    ),
  );
  const tallies = new Map<string, Tally>();
  const fresh = (published: Map<DeadLetterKind, number>): Tally => ({
    after: '-',
    seen: 0,
    counting: new Map(),
    published,
  });

  const countNew = async (keys: PartitionKeys, length: number): Promise<void> => {
    let tally = tallies.get(keys.deadLetter) ?? fresh(new Map());
    if (length < tally.seen) tally = fresh(tally.published);
    tallies.set(keys.deadLetter, tally);
    if (length > tally.seen) {
      const start = tally.after === '-' ? '-' : `(${tally.after}`;
      const entries = await redis.xrange(keys.deadLetter, start, '+', 'COUNT', budget);
      for (const [id, fields] of entries) {
        // `kind` is the entry's first field (dead-letter.lua writes it so).
        const kind = (fields[0] === 'kind' ? fields[1] : undefined) as DeadLetterKind | undefined;
        if (kind !== undefined && DEAD_LETTER_KINDS.includes(kind))
          tally.counting.set(kind, (tally.counting.get(kind) ?? 0) + 1);
        tally.after = id;
        tally.seen++;
      }
    }
    if (tally.seen >= length) tally.published = new Map(tally.counting);
  };

  return {
    async read() {
      const pipeline = redis.pipeline();
      for (const keys of streams) pipeline.xlen(keys.deadLetter);
      const replies = await pipeline.exec();
      if (replies === null) throw new Error('Redis connection closed before the pipeline replied');
      const lengths = streams.map((_, at) => {
        const [error, length] = replies[at] ?? [new Error('no reply'), null];
        if (error) throw error;
        return Number(length);
      });
      await Promise.all(streams.map((keys, at) => countNew(keys, lengths[at] as number)));

      const counts = Object.fromEntries(
        EVENT_TYPES.map((type) => [type, Object.fromEntries(DEAD_LETTER_KINDS.map((kind) => [kind, 0]))]),
      ) as KindCounts;
      for (const keys of streams)
        for (const [kind, count] of tallies.get(keys.deadLetter)?.published ?? [])
          counts[keys.type][kind] += count;
      return counts;
    },
  };
}
