import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Vwap } from '../src/index.ts';
import { gridPrice, tradeSize } from './support/arbitraries.ts';
import { magnitudeOf, naiveVwap } from './support/reference.ts';

const trade = fc.record({ price: gridPrice, size: tradeSize });

describe('Vwap', () => {
  it('given any trades, when each is fed, then the value equals the naive VWAP of the last windowTrades trades', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(trade, { maxLength: 200, size: 'max' }),
        (windowTrades, trades) => {
          const vwap = new Vwap(windowTrades);
          trades.forEach(({ price, size }, index) => {
            const got = vwap.update(price, size);
            if (index + 1 < windowTrades) {
              expect(got).toBeUndefined();
              return;
            }
            const window = trades.slice(index + 1 - windowTrades, index + 1);
            const scale = magnitudeOf(window.map((t) => t.price));
            expect(Math.abs((got as number) - naiveVwap(window))).toBeLessThanOrEqual(1e-9 * scale);
          });
        },
      ),
    );
  });

  it('given a hand-built window, then old trades leave it', () => {
    const vwap = new Vwap(2);
    expect(vwap.update(100, 1)).toBeUndefined();
    expect(vwap.update(110, 3)).toBe(107.5);
    expect(vwap.update(120, 1)).toBe(112.5);
    expect(vwap.ready).toBe(true);
  });

  it('given a size of zero or less, then update throws RangeError and the window is unchanged', () => {
    const vwap = new Vwap(1);
    vwap.update(100, 1);
    expect(() => vwap.update(100, 0)).toThrow(/size above zero/);
    expect(() => vwap.update(100, -1)).toThrow(RangeError);
    expect(vwap.value).toBe(100);
  });
});
