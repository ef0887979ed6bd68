// Reads the dead letters of several partitions as one sequence in scope order (compareRefs):
// a k-way merge of the dead-letter streams, a page of each at a time, each page with the
// requeued mapping of its entries (one HMGET), so a scan never holds more than a page per
// stream and a listing can stop anywhere and resume from a ref.
import type { EventType } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { type DeadLetter, parseDeadLetter } from '@tickflow/streams';
import type { Scope } from '../scope.ts';
import { compareRefs, type DeadLetterRef, formatRef, keysOf } from './dead-letter-refs.ts';

/** A dead letter as the operator tools show it. */
export interface DeadLetterEntry extends DeadLetter {
  /** Unique in the scope: `<stream tag>:<partition>:<dead-letter id>`. */
  readonly ref: string;
  readonly type: EventType;
  readonly partition: number;
  /** The entry id it was requeued as, when it was. */
  readonly requeuedAs: string | undefined;
}

interface Head {
  readonly type: EventType;
  readonly partition: number;
  readonly deadLetter: string;
  readonly requeued: string;
  buffer: DeadLetterEntry[];
  start: string;
  done: boolean;
}

/** Every dead letter of `streams` after `after` (from the first when undefined), in scope order. */
export async function* scanDeadLetters(
  redis: RedisClient,
  scope: Scope,
  streams: readonly { type: EventType; partition: number }[],
  after: DeadLetterRef | undefined,
  pageSize: number,
): AsyncGenerator<DeadLetterEntry> {
  const heads: Head[] = streams.map(({ type, partition }) => {
    const keys = keysOf(scope, { type, partition });
    // The same dead-letter id can exist in two streams: the stream order breaks the tie.
    const inclusive = after !== undefined && compareRefs({ type, partition, id: after.id }, after) > 0;
    return {
      type,
      partition,
      deadLetter: keys.deadLetter,
      requeued: keys.requeued,
      buffer: [],
      start: after === undefined ? '-' : inclusive ? after.id : `(${after.id}`,
      done: false,
    };
  });
  for (;;) {
    await Promise.all(heads.filter((head) => head.buffer.length === 0 && !head.done).map(fill));
    let next: Head | undefined;
    for (const head of heads) {
      const first = head.buffer[0];
      if (
        first !== undefined &&
        (next === undefined || compareRefs(first, next.buffer[0] as DeadLetterEntry) < 0)
      )
        next = head;
    }
    if (next === undefined) return;
    yield next.buffer.shift() as DeadLetterEntry;
  }

  async function fill(head: Head): Promise<void> {
    const page = await redis.xrange(head.deadLetter, head.start, '+', 'COUNT', pageSize);
    const last = page.at(-1);
    if (page.length < pageSize || last === undefined) head.done = true;
    if (last === undefined) return;
    head.start = `(${last[0]}`;
    const requeuedAs = await redis.hmget(head.requeued, ...page.map(([id]) => id));
    head.buffer = page.map(([id, fields], i) => {
      const letter = parseDeadLetter(id, fields);
      const { type, partition } = head;
      return {
        ...letter,
        ref: formatRef({ type, partition, id }),
        type,
        partition,
        requeuedAs: requeuedAs[i] ?? undefined,
      };
    });
  }
}
