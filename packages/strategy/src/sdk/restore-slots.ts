// Reading a snapshot back: check it belongs to this very strategy (name, id, params), then
// rebuild every symbol's slot. Nothing is touched until all of it has been read.
import { InvalidSnapshotError } from '../errors.ts';
import { decodeState } from '../state/state-codec.ts';
import { parseSnapshotEnvelope } from './snapshot.ts';
import type { SymbolSlot } from './symbol-slot.ts';

export interface RestoreTarget {
  readonly name: string;
  readonly id: string;
  /** JSON.stringify of the instance's encoded params. */
  readonly paramsKey: string;
  /** The symbols the strategy accepts; undefined for all. */
  readonly allowed: ReadonlySet<string> | undefined;
}

/** Every symbol's slot from `candidate`; throws InvalidSnapshotError saying what does not fit. */
export function restoreSlots<S>(target: RestoreTarget, candidate: unknown): Map<string, SymbolSlot<S>> {
  const fail = (problem: string, cause?: unknown) =>
    new InvalidSnapshotError(target.name, problem, cause === undefined ? undefined : { cause });
  const parsed = parseSnapshotEnvelope(candidate);
  if (!parsed.ok) throw fail(parsed.problem);
  const snapshot = parsed.snapshot;
  if (snapshot.strategy !== target.name) throw fail(`it is a snapshot of strategy "${snapshot.strategy}"`);
  if (snapshot.id !== target.id) {
    throw fail(`it is a snapshot of strategy id "${snapshot.id}", not "${target.id}"`);
  }
  // Indicators sized by other params would silently keep the old windows.
  const paramsKey = JSON.stringify(snapshot.params);
  if (paramsKey !== target.paramsKey) {
    throw fail(`it was taken with params ${paramsKey}, not ${target.paramsKey}`);
  }
  const slots = new Map<string, SymbolSlot<S>>();
  for (const entry of snapshot.symbols) {
    if (slots.has(entry.symbol)) throw fail(`symbol "${entry.symbol}" appears twice`);
    if (target.allowed !== undefined && !target.allowed.has(entry.symbol)) {
      throw fail(`symbol "${entry.symbol}" is not one of this strategy's symbols`);
    }
    let state: S;
    try {
      state = decodeState(entry.state, `${entry.symbol}.state`) as S;
    } catch (error) {
      throw fail(error instanceof Error ? error.message : String(error), error);
    }
    slots.set(entry.symbol, { state, quote: entry.quote });
  }
  return slots;
}
