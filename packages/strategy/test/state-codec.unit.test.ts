// The state codec: a strategy's state goes to plain JSON and comes back exactly, or the
// codec says which value it cannot carry.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ema, isIndicator, Sma, StateNotSnapshotableError, ZScore } from '../src/index.ts';
import { decodeState, encodeState } from '../src/state/state-codec.ts';
import { captureError } from './support/capture-error.ts';

const throughJson = (value: unknown): unknown => decodeState(JSON.parse(JSON.stringify(encodeState(value))));

/** Indicators compare by snapshot: their private fields are invisible to toStrictEqual. */
function comparable(value: unknown): unknown {
  if (isIndicator(value)) return { indicator: value.constructor.name, snapshot: value.toJSON() };
  if (Array.isArray(value)) return Array.from(value, comparable);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, comparable(item)]));
  }
  return value;
}

const indicatorArb = fc
  .tuple(
    fc.constantFrom('sma', 'ema', 'z'),
    fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 8 }),
  )
  .map(([kind, values]) => {
    const indicator = kind === 'sma' ? new Sma(3) : kind === 'ema' ? new Ema(3) : new ZScore(3);
    for (const value of values) indicator.update(value);
    return indicator;
  });

const { state: stateArb } = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.double(), // with NaN, ±Infinity and -0
    fc.bigInt(),
    indicatorArb,
  ),
  state: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('state'), { maxLength: 4 }),
    fc.dictionary(
      fc.string().filter((key) => key !== '$type'),
      tie('state'),
      { maxKeys: 4 },
    ),
  ),
}));

describe('state codec', () => {
  it('given any state of plain data and indicators, when it goes through JSON text and back, then it is the same', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        expect(comparable(throughJson(state))).toStrictEqual(comparable(state));
      }),
    );
  });

  it('given an indicator in the state, then it comes back as a working instance of its class', () => {
    const sma = new Sma(2);
    sma.update(1);
    const restored = (throughJson({ fast: sma }) as { fast: Sma }).fast;
    expect(restored).toBeInstanceOf(Sma);
    expect(restored.update(3)).toBe(2);
  });

  it('given the values plain JSON cannot hold, then each comes back exactly', () => {
    const state = {
      at: 1_700_000_000_000_000_123n,
      none: undefined,
      nan: Number.NaN,
      inf: -Infinity,
      negZero: -0,
    };
    expect(throughJson(state)).toStrictEqual(state);
  });

  it('given a key named __proto__ in a snapshot, then it is an own key and the prototype is untouched', () => {
    const decoded = decodeState(JSON.parse('{"__proto__": {"polluted": true}}')) as object;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.hasOwn(decoded, '__proto__')).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it.each([
    ['a Map', { prices: new Map() }, 'state.prices', /a Map cannot be snapshotted/],
    ['a Date', { at: new Date(0) }, 'state.at', /a Date cannot be snapshotted/],
    ['a class instance', { box: new (class Box {})() }, 'state.box', /a Box cannot be snapshotted/],
    ['a function', { f: () => 1 }, 'state.f', /a function cannot be snapshotted/],
    ['a symbol value', { s: Symbol('x') }, 'state.s', /a symbol cannot be snapshotted/],
    ['a symbol key', { [Symbol('x')]: 1 }, 'state', /symbol-keyed/],
    ['the reserved $type key', { nested: { $type: 'x' } }, 'state.nested.$type', /reserved/],
  ])('given %s, then encoding throws StateNotSnapshotableError at its path', (_, state, path, message) => {
    const error = captureError(() => encodeState(state));
    expect(error).toBeInstanceOf(StateNotSnapshotableError);
    expect(error).toMatchObject({ code: 'STATE_NOT_SNAPSHOTABLE', path });
    expect((error as Error).message).toMatch(message);
  });

  it('given one object reachable by two paths, then encoding refuses: restoring would split it in two', () => {
    const shared = new Sma(3);
    expect(() => encodeState({ a: shared, b: [shared] })).toThrow(
      /state\.b\[0\]: the same object is also at state\.a/,
    );
  });

  it('given a cycle, then encoding refuses rather than recursing forever', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(() => encodeState(cyclic)).toThrow(StateNotSnapshotableError);
  });

  it.each([
    ['an unknown tag', { x: { $type: 'map', entries: [] } }, /state\.x: not a valid "map" tag/],
    ['a malformed bigint', { x: { $type: 'bigint', value: '1.5' } }, /state\.x: not a valid "bigint" tag/],
    ['extra keys on a tag', { x: { $type: 'undefined', value: 1 } }, /state\.x/],
    [
      'a corrupted indicator',
      { x: { $type: 'indicator', snapshot: { kind: 'sma', period: 0 } } },
      /state\.x: not a sma snapshot/,
    ],
  ])('given %s, then decoding throws RangeError naming the path', (_, json, message) => {
    expect(() => decodeState(json)).toThrow(message);
  });
});
