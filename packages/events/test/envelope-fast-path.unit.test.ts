// validateEvent's fast path must accept nothing zod rejects and, what it accepts, return
// exactly what zod returns (the same fields in the same order, a payload copy equal to zod's).
// Valid market-data events must take it (or it is dead weight); spoiled ones must not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyEvent, validateEvent, validateEventFully } from '../src/envelope.ts';
import { canonicalMarketDataEvent } from '../src/envelope-fast-path.ts';
import { eventArb, marketDataArb } from './arbitraries.ts';
import { BAD_ENVELOPE_VALUES, BASES, NOT_DECIMALS, NOT_SYMBOLS } from './reject-cases.ts';

/** The event as zod would return it, or the error it throws. */
function viaZod(candidate: unknown): { event: AnyEvent } | { error: unknown } {
  try {
    return { event: validateEventFully(candidate) };
  } catch (error) {
    return { error };
  }
}

/** Same fields, same order, same values: what a consumer or encodeEvent could tell apart. */
function expectSameEvent(fast: AnyEvent, zod: AnyEvent): void {
  expect(Object.keys(fast)).toEqual(Object.keys(zod));
  expect(Object.keys(fast.data)).toEqual(Object.keys(zod.data));
  expect(fast).toEqual(zod);
}

// Values a spoiled field might take: the reject cases' bad envelope values, wrong types,
// numbers for bigints and the reverse, and undefined.
const spoilers = fc.oneof(
  fc.constantFrom(...Object.values(BAD_ENVELOPE_VALUES).flat()),
  fc.constantFrom<unknown>(undefined, null, 0, 1n, -1n, 2n ** 63n, 2n ** 63n - 1n, 12, 'market_data', {}, []),
  fc.constantFrom(...NOT_SYMBOLS, ...NOT_DECIMALS),
);
const fieldNames = fc.constantFrom(
  'id',
  'type',
  'key',
  'ts_event',
  'ts_init',
  'corr',
  'cause',
  'traceparent',
  'tracestate',
  'data',
  'extra',
);

describe('validateEvent fast path (market data)', () => {
  it('given a valid market-data event, then the fast path takes it and returns what zod returns', () => {
    fc.assert(
      fc.property(eventArb('market_data'), (event) => {
        const candidate = { ...event };
        const fast = canonicalMarketDataEvent(candidate);
        expect(fast).toBeDefined();
        const zod = viaZod(candidate);
        if (!('event' in zod)) throw zod.error;
        expectSameEvent(validateEvent(candidate), zod.event);
        // A copy, as zod's: the caller's payload object stays the caller's.
        expect(validateEvent(candidate).data).not.toBe(candidate.data);
      }),
    );
  });

  it('given a spoiled candidate (a field set to a bad value, removed, or added), then the fast path accepts only what zod accepts, equal to it', () => {
    const base = fc.oneof(
      eventArb('market_data').map((event): Record<string, unknown> => ({ ...event })),
      fc.constantFrom(BASES.quote, BASES.trade).map((event): Record<string, unknown> => ({ ...event })),
    );
    fc.assert(
      fc.property(base, fieldNames, spoilers, fc.boolean(), (candidate, field, value, remove) => {
        if (remove) delete candidate[field];
        else candidate[field] = value;
        const fast = canonicalMarketDataEvent(candidate);
        const zod = viaZod(candidate);
        if (fast === undefined) return;
        if (!('event' in zod)) {
          throw new Error(`the fast path accepted what zod rejects: ${String(zod.error)} (${field})`);
        }
        expectSameEvent(validateEvent(candidate), zod.event);
      }),
      { numRuns: 3_000 },
    );
  });

  it('given a payload of another symbol than the key, or a non-canonical payload, then it is left to zod', () => {
    fc.assert(
      fc.property(eventArb('market_data'), marketDataArb, (event, data) => {
        fc.pre(data.symbol !== event.key);
        expect(canonicalMarketDataEvent({ ...event, data })).toBeUndefined();
      }),
    );
    const { symbol, ...rest } = BASES.quote.data;
    const reordered = { ...BASES.quote, data: { symbol, ...rest } };
    expect(canonicalMarketDataEvent(reordered)).toBeUndefined();
    expect(
      canonicalMarketDataEvent(Object.assign(Object.create({ inherited: 1 }), BASES.quote)),
    ).toBeUndefined();
  });
});
