// Rebuilds the books from the fill streams alone: each partition read up to its acked
// checkpoint, each execution id counted once (first occurrence), positions replayed per
// symbol with the trading package's replayFills. Equal to the live (acked) books.
import type { Fill } from '@tickflow/events';
import { readEvents } from '@tickflow/streams';
import { type Ledger, replayFills } from '@tickflow/trading';
import { type Book, EMPTY_BOOK, mergeBooks } from './book.ts';
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
  const bySymbol = new Map<string, Fill[]>();
  for await (const { event } of readEvents(redis, { ...scope, type: 'fill', only: [partition], toId })) {
    if (event.type !== 'fill' || seen.has(event.data.execution_id)) continue;
    seen.add(event.data.execution_id);
    const fills = bySymbol.get(event.data.symbol) ?? [];
    fills.push(event.data);
    bySymbol.set(event.data.symbol, fills);
  }
  const ledger: Record<string, Ledger[string]> = {};
  const marks: Record<string, string> = {};
  for (const [symbol, fills] of bySymbol) {
    ledger[symbol] = replayFills(symbol, fills);
    marks[symbol] = fills.at(-1)?.price ?? '0';
  }
  return { ledger, marks, fills: seen.size };
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
