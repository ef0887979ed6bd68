// Reads the acked books from Redis: each partition's checkpoint hash of the fill-recorder
// group holds `last` (the last acked entry) and `state` (the book after it), written in one
// atomic step, so the API answers from exactly what was acked.
import { partitionKeys } from '@tickflow/events';
import type { ServiceContext } from '@tickflow/service';
import { type Book, EMPTY_BOOK } from './book.ts';
import { FILL_RECORDER_GROUP } from './fill-handler.ts';

export type Redis = ServiceContext<unknown>['redis'];

export interface Scope {
  readonly namespace: string;
  readonly partitions: number;
}

export interface PartitionCheckpoint {
  readonly partition: number;
  /** The last acked entry id; undefined before the first ack. */
  readonly last: string | undefined;
  readonly book: Book;
}

export async function readCheckpoints(redis: Redis, scope: Scope): Promise<PartitionCheckpoint[]> {
  return Promise.all(
    Array.from({ length: scope.partitions }, async (_, partition) => {
      const key = partitionKeys(scope.namespace, 'fill', partition).checkpoint(FILL_RECORDER_GROUP);
      const [last, state] = await redis.hmget(key, 'last', 'state');
      const book = state ? (JSON.parse(state) as Book | null) : null;
      return { partition, last: last ?? undefined, book: book ?? EMPTY_BOOK };
    }),
  );
}
