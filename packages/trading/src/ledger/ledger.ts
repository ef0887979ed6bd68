// Positions of every symbol. Idempotency (each execution_id counted once) is fill-recorder's
// job: it dedupes by event id before applying a fill here.
import { applyFill, type LedgerFill, type Position } from './position.ts';

/** Positions by symbol; a plain JSON-safe record. */
export type Ledger = Readonly<Record<string, Position>>;

export const EMPTY_LEDGER: Ledger = Object.freeze({});

/** The ledger after one fill (a new object; `ledger` is not modified). */
export function applyFillToLedger(ledger: Ledger, fill: LedgerFill): Ledger {
  return { ...ledger, [fill.symbol]: applyFill(ledger[fill.symbol], fill) };
}
