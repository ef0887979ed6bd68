import { describe, expect, it } from 'vitest';
import { sizeOrder, targetPosition } from '../src/sizing/size-order.ts';

const base = { maxPosition: '10', lotSize: '0.5', currentPosition: '0' };

describe('targetPosition', () => {
  it.each([
    ['long', '1', '10'],
    ['long', '0.5', '5'],
    ['long', '0.33', '3'], // 3.3 rounded down to a 0.5 lot
    ['long', '0.04', '0'], // 0.4 < one lot
    ['short', '0.77', '-7.5'], // 7.7 → 7.5, toward zero
    ['short', '1', '-10'],
    ['flat', '1', '0'],
    ['flat', '0', '0'],
    ['long', '0', '0'],
  ] as const)(
    'given max 10 and lot 0.5, when %s at strength %s, then target %s',
    (signal, strength, target) => {
      expect(targetPosition({ ...base, signal, strength })).toBe(target);
    },
  );

  it.each([
    ['strength above 1', { strength: '1.01' }],
    ['negative strength', { strength: '-0.1' }],
    ['zero lot', { lotSize: '0' }],
    ['negative max', { maxPosition: '-1' }],
  ])('refuses %s', (_, overrides) => {
    expect(() => targetPosition({ ...base, signal: 'long', strength: '0.5', ...overrides })).toThrow(
      RangeError,
    );
  });
});

describe('sizeOrder', () => {
  it.each([
    ['long', '1', '0', { side: 'buy', quantity: '10' }],
    ['long', '1', '4', { side: 'buy', quantity: '6' }],
    ['long', '0.5', '8', { side: 'sell', quantity: '3' }],
    ['short', '1', '4', { side: 'sell', quantity: '14' }], // flip long → short
    ['long', '1', '-2.5', { side: 'buy', quantity: '12.5' }],
    ['flat', '1', '-3', { side: 'buy', quantity: '3' }],
    ['flat', '1', '3.25', { side: 'sell', quantity: '3.25' }],
  ] as const)('given %s at %s from position %s, then %o', (signal, strength, currentPosition, order) => {
    expect(sizeOrder({ ...base, signal, strength, currentPosition }).order).toEqual(order);
  });

  it.each([
    ['long', '1', '10'],
    ['flat', '0.3', '0'],
    ['short', '0.5', '-5'],
  ] as const)('given %s at %s when already at %s, then no order', (signal, strength, currentPosition) => {
    const sizing = sizeOrder({ ...base, signal, strength, currentPosition });
    expect(sizing.order).toBeUndefined();
    expect(sizing.targetPosition).toBe(currentPosition);
  });
});
