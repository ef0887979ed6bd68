// Event ids: derived ids are a pure function of (scope, cause, index), so a handler that runs
// twice on the same input emits the same ids; new ids are time-ordered UUIDv7s.
import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { derivedEventId, deriveEvent, type FillEvent, isEventId, newEventId } from '../src/index.ts';
import { eventArb, eventIdArb, orderArb, unicodeStringArb } from './arbitraries.ts';

/** Single-line, non-empty scopes: what derivedEventId accepts. */
const scopeArb = fc.oneof(
  fc.constantFrom('signal-engine/sma-cross', 'order-router', 'paper-venue', 'ingest/binance'),
  unicodeStringArb({ minLength: 1, maxLength: 40 }).filter((scope) => !scope.includes('\n')),
);
const causeArb = fc.oneof(eventIdArb, fc.string());
const indexArb = fc.oneof(fc.nat({ max: 10 }), fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER));
const inputArb = fc.record({ scope: scopeArb, cause: causeArb, index: indexArb });

const versionOf = (id: string): string => id.charAt(14);

describe('derivedEventId', () => {
  // Pinned forever: changing any of these changes the id of every derived event, so a
  // replay after an upgrade would no longer collapse onto what was emitted before it.
  const PINNED: readonly [scope: string, cause: string, index: number, id: string][] = [
    [
      'signal-engine/sma-cross',
      '0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c01',
      0,
      'eda16662-b394-5cd4-9a6a-4a6cd1320e0c',
    ],
    [
      'signal-engine/sma-cross',
      '0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c01',
      1,
      '27c60a81-5bdb-5de5-a85c-f4775492060a',
    ],
    ['order-router', '0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c01', 0, '8606e1d4-3383-589e-a2bf-5db9446e7051'],
    ['order-router', '6a0f6c3e-2d1b-5f4a-9e8d-7c6b5a493821', 0, 'd1081ea9-9a63-5acb-a36e-eedeccb53109'],
    ['paper-venue', 'b7e3a1d2-4c5f-5a6b-8c7d-9e0f1a2b3c41', 41, '21e53c4c-e74d-5566-8907-3e5ee07f720b'],
    ['ingest/binance', 'BTCUSDT:123456789', Number.MAX_SAFE_INTEGER, 'd0cddd03-3f67-5e0e-9480-5f6d5da8fd29'],
    ['ü', '', 0, 'ac49efb4-7d3a-5ec3-bc32-209839158724'],
  ];

  for (const [scope, cause, index, id] of PINNED) {
    it(`given (${scope}, ${cause || '""'}, ${index}), then the id is the pinned ${id}`, () => {
      expect(derivedEventId({ scope, cause, index })).toBe(id);
    });
  }

  it('given any input, then the id is the uuid package\'s v5 of "scope\\ncause\\nindex" in the derived-id namespace', () => {
    // The formatter of ids.ts is our own: it must stay the RFC's UUIDv5, byte for byte.
    const namespace = '6f1c1d9e-3b7a-4f0e-9a51-0d4c2b7e8a13';
    fc.assert(
      fc.property(inputArb, ({ scope, cause, index }) => {
        expect(derivedEventId({ scope, cause, index })).toBe(
          uuidv5(`${scope}\n${cause}\n${index}`, namespace),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("given runs of indexes under one (scope, cause), switching causes between runs, then every id is uuid's v5", () => {
    // The fixed part of the name is hashed once per (scope, cause): the runs reuse it, a switch
    // must not.
    const namespace = '6f1c1d9e-3b7a-4f0e-9a51-0d4c2b7e8a13';
    const causes = ['file.csv-1-abc', 'file.csv-2-abc', 'x'.repeat(70), 'file.csv-1-abc'];
    for (const cause of causes) {
      for (let index = 0; index < 300; index++) {
        const id = derivedEventId({ scope: 'market-data-ingest', cause, index });
        expect(id).toBe(uuidv5(`market-data-ingest\n${cause}\n${index}`, namespace));
      }
    }
  });

  it('given the same (scope, cause, index), when called again, then the id is the same', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const first = derivedEventId(input);
        expect(derivedEventId({ ...input })).toBe(first);
        expect(derivedEventId({ scope: input.scope, cause: input.cause, index: input.index })).toBe(first);
      }),
    );
  });

  it('given any input, then the id is a canonical lower-case UUID of version 5', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const id = derivedEventId(input);
        expect(isEventId(id)).toBe(true);
        expect(versionOf(id)).toBe('5');
      }),
    );
  });

  it('given two inputs differing in scope, cause or index, then the ids differ', () => {
    fc.assert(
      fc.property(inputArb, inputArb, (a, b) => {
        fc.pre(a.scope !== b.scope || a.cause !== b.cause || a.index !== b.index);
        expect(derivedEventId(a)).not.toBe(derivedEventId(b));
      }),
      { numRuns: 500 },
    );
  });

  it('given an input, when only one of scope, cause or index changes, then the id changes', () => {
    fc.assert(
      fc.property(inputArb, scopeArb, causeArb, indexArb, (input, scope, cause, index) => {
        const id = derivedEventId(input);
        if (scope !== input.scope) expect(derivedEventId({ ...input, scope })).not.toBe(id);
        if (cause !== input.cause) expect(derivedEventId({ ...input, cause })).not.toBe(id);
        if (index !== input.index) expect(derivedEventId({ ...input, index })).not.toBe(id);
      }),
    );
  });

  it('given inputs whose joined text would be ambiguous, then the ids still differ', () => {
    // scope and cause are joined with newlines; a newline inside the cause cannot make two
    // inputs collide because the scope cannot contain one and the index is the last line.
    const ids = [
      derivedEventId({ scope: 'a', cause: 'b\n1', index: 0 }),
      derivedEventId({ scope: 'a', cause: 'b', index: 1 }),
      derivedEventId({ scope: 'a', cause: 'b\n1\n0', index: 0 }),
      derivedEventId({ scope: 'a', cause: '1', index: 0 }),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const index of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1]) {
    it(`given index ${index}, then it throws RangeError`, () => {
      expect(() => derivedEventId({ scope: 's', cause: 'c', index })).toThrow(RangeError);
    });
  }

  for (const scope of ['', 'two\nlines', '\n']) {
    it(`given scope ${JSON.stringify(scope)}, then it throws RangeError`, () => {
      expect(() => derivedEventId({ scope, cause: 'c', index: 0 })).toThrow(RangeError);
    });
  }
});

describe('deriveEvent ids', () => {
  it('given the same cause, scope and index, when derived twice, then both events have the same id', () => {
    fc.assert(
      fc.property(eventArb('market_data'), orderArb, fc.nat({ max: 100 }), (cause, data, index) => {
        const first = deriveEvent(cause, { type: 'order', data, scope: 'order-router', index });
        const second = deriveEvent(cause, { type: 'order', data, scope: 'order-router', index });
        expect(second.id).toBe(first.id);
        expect(first.id).toBe(derivedEventId({ scope: 'order-router', cause: cause.id, index }));
      }),
    );
  });

  it('given a cause, then the derived event has corr = cause.corr and cause = cause.id', () => {
    fc.assert(
      fc.property(eventArb('signal'), orderArb, (cause, data) => {
        const derived = deriveEvent(cause, { type: 'order', data, scope: 'order-router' });
        expect(derived.corr).toBe(cause.corr);
        expect(derived.cause).toBe(cause.id);
        expect(derived.id).not.toBe(cause.id);
      }),
    );
  });

  it('given no index, then the id is that of index 0', () => {
    fc.assert(
      fc.property(eventArb('order'), eventArb('fill'), (cause, fill) => {
        const derived: FillEvent = deriveEvent(cause, {
          type: 'fill',
          data: fill.data,
          scope: 'paper-venue',
        });
        expect(derived.id).toBe(derivedEventId({ scope: 'paper-venue', cause: cause.id, index: 0 }));
        const second = deriveEvent(cause, { type: 'fill', data: fill.data, scope: 'paper-venue', index: 1 });
        expect(second.id).not.toBe(derived.id);
      }),
    );
  });

  it('given two scopes deriving from the same cause, then their ids differ', () => {
    fc.assert(
      fc.property(eventArb('market_data'), orderArb, (cause, data) => {
        const a = deriveEvent(cause, { type: 'order', data, scope: 'strategy-a' });
        const b = deriveEvent(cause, { type: 'order', data, scope: 'strategy-b' });
        expect(a.id).not.toBe(b.id);
      }),
    );
  });
});

describe('newEventId', () => {
  it('given no time, then it is a canonical UUID of version 7 and RFC variant', () => {
    for (let i = 0; i < 100; i++) {
      const id = newEventId();
      expect(isEventId(id)).toBe(true);
      expect(versionOf(id)).toBe('7');
      expect('89ab').toContain(id.charAt(19));
    }
  });

  it('given many calls, then the ids are unique', () => {
    const ids = Array.from({ length: 10_000 }, () => newEventId());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('given a time, then its first 48 bits are those milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (ms) => {
        const id = newEventId(ms);
        expect(versionOf(id)).toBe('7');
        expect(Number.parseInt(id.replace('-', '').slice(0, 12), 16)).toBe(ms);
      }),
    );
    expect(newEventId(1_672_531_200_000).startsWith('01856aa0-c800-7')).toBe(true);
  });

  it('given two different milliseconds, then the later id sorts after the earlier one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        (a, b) => {
          fc.pre(a !== b);
          const [earlier, later] = a < b ? [a, b] : [b, a];
          expect(newEventId(earlier) < newEventId(later)).toBe(true);
        },
      ),
    );
  });

  it('given ids created a millisecond or more apart, then they sort in creation order', () => {
    const start = Date.now();
    const ids = Array.from({ length: 50 }, (_, i) => newEventId(start + i));
    expect([...ids].sort()).toStrictEqual(ids);
  });
});

describe('isEventId', () => {
  it('accepts canonical lower-case UUIDs and rejects everything else', () => {
    expect(isEventId('0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c01')).toBe(true);
    for (const bad of [
      '',
      '0185F3A0-5C2E-7B1A-8C3D-4E5F6A7B8C01',
      '0185f3a05c2e7b1a8c3d4e5f6a7b8c01',
      '0185f3a0-5c2e-0b1a-8c3d-4e5f6a7b8c01', // version 0
      '0185f3a0-5c2e-7b1a-cc3d-4e5f6a7b8c01', // variant 11
      '{0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c01}',
      ' 0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c01',
    ]) {
      expect(isEventId(bad), bad).toBe(false);
    }
  });
});
