// The book does not depend on how strategies' fills interleave: any merge of two
// strategies' fill sequences (each in its own order) gives the same positions, PnL and mark.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyToBook, type Book, EMPTY_BOOK, laterMark } from '../src/book.ts';
import { pnlView, positionsView } from '../src/views.ts';
import { fillPath } from './support/fills.ts';

const sma = fillPath('BTCUSDT', 40, 0, 'sma-crossover');
const meanReversion = fillPath('BTCUSDT', 40, 0, 'mean-reversion');

function bookOf(fills: typeof sma): Book {
  return fills.reduce((book, fill) => applyToBook(book, fill.data, fill.ts_event), EMPTY_BOOK);
}

/** Merges two sequences, keeping each one's order, taking from `a` where the pick is true. */
function interleave<T>(a: readonly T[], b: readonly T[], picks: readonly boolean[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  for (const pickA of picks) {
    if (pickA && i < a.length) out.push(a[i++] as T);
    else if (j < b.length) out.push(b[j++] as T);
  }
  return [...out, ...a.slice(i), ...b.slice(j)];
}

describe('the book', () => {
  it('gives the same positions, PnL and mark for every interleaving of two strategies’ fills', () => {
    const reference = bookOf([...sma, ...meanReversion]);
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 80 }), (picks) => {
        const book = bookOf(interleave(sma, meanReversion, picks));
        expect(positionsView(book)).toEqual(positionsView(reference));
        expect(pnlView(book)).toEqual(pnlView(reference));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a ledger per strategy and sums them per symbol', () => {
    const view = positionsView(bookOf([...sma, ...meanReversion]));
    expect(view.by_strategy.map((p) => p.strategy_id)).toEqual(['mean-reversion', 'sma-crossover']);
    const [btc] = view.positions;
    const quantities = view.by_strategy.map((p) => Number(p.quantity));
    expect(Number(btc?.quantity)).toBeCloseTo((quantities[0] ?? 0) + (quantities[1] ?? 0), 9);
  });

  it('marks with the latest fill by event time, ties broken by execution id', () => {
    const at = (ts: string, id: string) => ({ price: id, ts_event: ts, execution_id: id });
    expect(laterMark(at('5', 'a'), at('4', 'b')).execution_id).toBe('a');
    expect(laterMark(at('5', 'a'), at('6', 'b')).execution_id).toBe('b');
    expect(laterMark(at('5', 'b'), at('5', 'a')).execution_id).toBe('b');
    expect(laterMark(at('5', 'a'), at('5', 'b')).execution_id).toBe('b');
    expect(laterMark(undefined, at('1', 'a')).execution_id).toBe('a');
  });

  it('files fills without a strategy under their own ledger (strategy_id null)', () => {
    const view = positionsView(bookOf(fillPath('ETHUSDT', 5, 1)));
    expect(view.by_strategy.map((p) => p.strategy_id)).toEqual([null]);
  });
});
