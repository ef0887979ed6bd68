import type { SnapshotQuote } from './snapshot.ts';

/** What a strategy instance keeps per symbol. */
export interface SymbolSlot<S> {
  state: S;
  /** The latest quote seen for the symbol: what its signals carry. */
  quote: SnapshotQuote | undefined;
}
