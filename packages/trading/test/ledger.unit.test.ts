import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFillToLedger, EMPTY_LEDGER } from '../src/ledger/ledger.ts';
import {
  applyFill,
  averageEntryPrice,
  flatPosition,
  type LedgerFill,
  netPnl,
  type Position,
  replayFills,
  unrealizedPnl,
} from '../src/ledger/position.ts';
import { add, mul, sub } from '../src/money/arithmetic.ts';
import { formatDecimal } from '../src/money/decimal.ts';

const fill = (side: 'buy' | 'sell', quantity: string, price: string, commission = '0'): LedgerFill => ({
  symbol: 'BTC-USD',
  side,
  quantity,
  price,
  commission,
});

const after = (...fills: LedgerFill[]): Position => replayFills('BTC-USD', fills);

describe('positions and PnL', () => {
  it('given flat, when buying twice, then the average entry is the weighted price', () => {
    const position = after(fill('buy', '1', '100', '0.1'), fill('buy', '3', '104', '0.3'));
    expect(position).toEqual({
      symbol: 'BTC-USD',
      quantity: '4',
      costBasis: '412',
      realizedPnl: '0',
      commissions: '0.4',
    });
    expect(averageEntryPrice(position)).toBe('103');
    expect(unrealizedPnl(position, '105')).toBe('8');
    expect(netPnl(position, '105')).toBe('7.6');
  });

  it('given long 10 @100, when selling 4 @110, then 40 is realized and 6 @100 stay open', () => {
    const position = after(fill('buy', '10', '100'), fill('sell', '4', '110'));
    expect(position).toMatchObject({ quantity: '6', costBasis: '600', realizedPnl: '40' });
  });

  it('given long 10 @100, when selling 15 @110, then it flips: 100 realized, short 5 @110', () => {
    const position = after(fill('buy', '10', '100'), fill('sell', '15', '110'));
    expect(position).toMatchObject({ quantity: '-5', costBasis: '-550', realizedPnl: '100' });
    expect(averageEntryPrice(position)).toBe('110');
    expect(unrealizedPnl(position, '100')).toBe('50');
  });

  it('given short 5 @100, when buying 5 @90, then 50 is realized and the position is flat, not "-0"', () => {
    const position = after(fill('sell', '5', '100'), fill('buy', '5', '90'));
    expect(position).toMatchObject({ quantity: '0', costBasis: '0', realizedPnl: '50' });
    expect(averageEntryPrice(position)).toBeUndefined();
    expect(unrealizedPnl(position, '123')).toBe('0');
  });

  it('given an average that does not terminate, when closing a third, then the remainder closes exactly', () => {
    // 3 @ (100 + 100 + 100.01) = cost 300.01; sell 1 @ 101 allocates 100.0033…
    let position = after(fill('buy', '1', '100'), fill('buy', '1', '100'), fill('buy', '1', '100.01'));
    position = applyFill(position, fill('sell', '1', '101'));
    expect(position.realizedPnl).toBe('0.9966666666666667');
    position = applyFill(position, fill('sell', '2', '101'));
    expect(position).toMatchObject({ quantity: '0', costBasis: '0', realizedPnl: '2.99' }); // 303 − 300.01
  });

  it('refuses a fill of another symbol', () => {
    expect(() => applyFill(flatPosition('ETH-USD'), fill('buy', '1', '1'))).toThrow(RangeError);
  });

  it('keeps one position per symbol in the ledger', () => {
    let ledger = applyFillToLedger(EMPTY_LEDGER, fill('buy', '2', '10'));
    ledger = applyFillToLedger(ledger, { ...fill('sell', '1', '5'), symbol: 'ETH-USD' });
    expect(Object.keys(ledger).sort()).toEqual(['BTC-USD', 'ETH-USD']);
    expect(ledger['ETH-USD']?.quantity).toBe('-1');
    expect(EMPTY_LEDGER).toEqual({});
  });
});

const fillArb: fc.Arbitrary<LedgerFill> = fc.record({
  symbol: fc.constant('BTC-USD'),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  quantity: fc.constantFrom('0.001', '0.5', '1', '2', '3', '7.25', '10'),
  price: fc.constantFrom('99.99', '100', '100.5', '101.01', '0.0003', '25000'),
  commission: fc.constantFrom('0', '0.01', '1.5'),
});

describe('positions: properties', () => {
  it('applying fills incrementally, with a JSON snapshot anywhere, equals rebuilding from scratch', () => {
    fc.assert(
      fc.property(fc.array(fillArb, { maxLength: 60, size: 'max' }), fc.nat(), (fills, cut) => {
        const split = fills.length === 0 ? 0 : cut % (fills.length + 1);
        const firstPart = replayFills('BTC-USD', fills.slice(0, split));
        let resumed: Position = JSON.parse(JSON.stringify(firstPart));
        for (const f of fills.slice(split)) resumed = applyFill(resumed, f);
        expect(resumed).toEqual(replayFills('BTC-USD', fills));
      }),
      { numRuns: 300 },
    );
  });

  it('realized + unrealized equals cash flow + position × mark, exactly; never "-0"; flat means no cost', () => {
    fc.assert(
      fc.property(
        fc.array(fillArb, { maxLength: 60, size: 'max' }),
        fc.constantFrom('1', '100.25', '30000'),
        (fills, mark) => {
          let position = flatPosition('BTC-USD');
          let cash = '0';
          let quantity = '0';
          for (const f of fills) {
            position = applyFill(position, f);
            const amount = mul(f.quantity, f.price);
            cash = formatDecimal(f.side === 'buy' ? sub(cash, amount) : add(cash, amount));
            quantity = formatDecimal(
              f.side === 'buy' ? add(quantity, f.quantity) : sub(quantity, f.quantity),
            );
            expect(position.quantity).toBe(quantity);
            for (const value of Object.values(position)) expect(value).not.toMatch(/^-0(\.0*)?$/);
            if (position.quantity === '0') expect(position.costBasis).toBe('0');
            const total = add(position.realizedPnl, unrealizedPnl(position, mark));
            expect(formatDecimal(total)).toBe(formatDecimal(add(cash, mul(position.quantity, mark))));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
