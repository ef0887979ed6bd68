// Rebuilds the books from the fill streams alone: each partition read up to its acked
// checkpoint, each execution id counted once (first occurrence), positions replayed per
// strategy and symbol with the trading package's replayFills. Equal to the live (acked) books.
import type { Fill } from '@tickflow/events';
import { readEvents } from '@tickflow/streams';
import { type Ledger, replayFills } from '@tickflow/trading';
import { type Book, EMPTY_BOOK, laterMark, type Mark, markOf, mergeBooks, UNATTRIBUTED } from './book.ts';
import { type PartitionCheckpoint, type Redis, readCheckpoints, type Scope } from './ledger-store.ts';

/** One partition's book from its stream, up to `toId` inclusive. */
export async function rebuildPartition(
  redis: Redis,
  scope: Scope,
  partition: number,
  toId: string | undefined,
): Promise<Book> {
  if (toId === undefined) return EMPTY_BOOK;
  const seen = new Set<string>();
  const byStrategy = new Map<string, Map<string, Fill[]>>();
  const marks: Record<string, Mark> = {};
  for await (const { event } of readEvents(redis, { ...scope, type: 'fill', only: [partition], toId })) {
    if (event.type !== 'fill' || seen.has(event.data.execution_id)) continue;
    seen.add(event.data.execution_id);
    const strategy = event.data.strategy_id ?? UNATTRIBUTED;
    const bySymbol = byStrategy.get(strategy) ?? new Map<string, Fill[]>();
    byStrategy.set(strategy, bySymbol);
    const fills = bySymbol.get(event.data.symbol) ?? [];
    fills.push(event.data);
    bySymbol.set(event.data.symbol, fills);
    marks[event.data.symbol] = laterMark(marks[event.data.symbol], markOf(event.data, event.ts_event));
  }
  const strategies: Record<string, Ledger> = {};
  for (const [strategy, bySymbol] of byStrategy) {
    strategies[strategy] = Object.fromEntries(
      [...bySymbol].map(([symbol, fills]) => [symbol, replayFills(symbol, fills)]),
    );
  }
  return { strategies, marks, fills: seen.size };
}

export interface RebuildCheck {
  readonly identical: boolean;
  readonly live: Book;
  readonly rebuilt: Book;
}

/** Compares the acked books with books rebuilt from the streams up to the same entries. */
export async function rebuildCheck(redis: Redis, scope: Scope): Promise<RebuildCheck> {
  const checkpoints: PartitionCheckpoint[] = await readCheckpoints(redis, scope);
  const rebuiltBooks = await Promise.all(
    checkpoints.map((checkpoint) => rebuildPartition(redis, scope, checkpoint.partition, checkpoint.last)),
  );
  const live = mergeBooks(checkpoints.map((checkpoint) => checkpoint.book));
  const rebuilt = mergeBooks(rebuiltBooks);
  return { identical: JSON.stringify(live) === JSON.stringify(rebuilt), live, rebuilt };
}

/** The whole book rebuilt from every fill in the streams (not bounded by checkpoints). */
export async function rebuildAll(redis: Redis, scope: Scope): Promise<Book> {
  const books: Book[] = [];
  for (let partition = 0; partition < scope.partitions; partition++) {
    books.push(await rebuildPartition(redis, scope, partition, '+'));
  }
  return mergeBooks(books);
}
