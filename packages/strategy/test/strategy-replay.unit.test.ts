// Determinism and state across restarts, for both built-in strategies, over random walks:
// the same input gives the same signals, and a snapshot taken anywhere, written as JSON
// text and restored into a fresh instance, gives the rest of the stream the same signals
// as the uninterrupted run.

import type { MarketDataEvent, Signal } from '@tickflow/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanReversion, type Strategy, smaCrossover } from '../src/index.ts';
import { randomWalkCents } from './support/arbitraries.ts';
import { quotesFromCents } from './support/market-data.ts';

interface Case {
  readonly name: string;
  readonly params: fc.Arbitrary<object>;
  readonly create: (params: object) => Strategy;
}

const CASES: readonly Case[] = [
  {
    name: 'sma-crossover',
    params: fc
      .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 12 }))
      .map(([fast, gap]) => ({ fastPeriod: fast, slowPeriod: fast + gap })),
    create: (params) => smaCrossover.create(params),
  },
  {
    name: 'mean-reversion',
    params: fc
      .tuple(
        fc.integer({ min: 2, max: 20 }),
        fc.double({ min: 0.5, max: 2.5, noNaN: true }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
      )
      .map(([window, entryZ, exitFraction]) => ({ window, entryZ, exitZ: entryZ * exitFraction })),
    create: (params) => meanReversion.create(params),
  },
];

/** Two symbols' random walks, interleaved by a random schedule, as quote events. */
const marketArb = fc
  .tuple(
    randomWalkCents({ minLength: 0, maxLength: 200 }),
    randomWalkCents({ minLength: 0, maxLength: 100 }),
    fc.array(fc.boolean(), { minLength: 300, maxLength: 300 }),
  )
  .map(([btc, eth, schedule]) => {
    const btcEvents = quotesFromCents(btc, { symbol: 'BTCUSDT' });
    const ethEvents = quotesFromCents(eth, { symbol: 'ETHUSDT', firstSeq: 1_000 });
    const events: MarketDataEvent[] = [];
    for (const takeBtc of schedule) {
      const next = (takeBtc ? btcEvents : ethEvents).shift() ?? (takeBtc ? ethEvents : btcEvents).shift();
      if (next !== undefined) events.push(next);
    }
    return events;
  });

const run = (strategy: Strategy, events: readonly MarketDataEvent[]): Signal[][] =>
  events.map((event) => strategy.handle(event));

describe.each(CASES)('$name over random walks', ({ params, create }) => {
  it('given the same input twice, then the signals are identical', () => {
    fc.assert(
      fc.property(params, marketArb, (chosen, events) => {
        expect(run(create(chosen), events)).toEqual(run(create(chosen), events));
      }),
      { numRuns: 50 },
    );
  });

  it('given a snapshot mid-stream restored into a fresh instance, then the rest of the stream gives the same signals', () => {
    fc.assert(
      fc.property(params, marketArb, fc.nat(), (chosen, events, cutSeed) => {
        const cut = cutSeed % (events.length + 1);
        const uninterrupted = run(create(chosen), events);
        const before = create(chosen);
        run(before, events.slice(0, cut));
        const after = create(chosen);
        after.restore(JSON.parse(JSON.stringify(before.snapshot())));
        expect(run(after, events.slice(cut))).toEqual(uninterrupted.slice(cut));
      }),
      { numRuns: 100 },
    );
  });
});

describe('the random walks', () => {
  it('given the walks above, then both strategies do signal (the properties are not vacuous)', () => {
    const counts = CASES.map(({ params, create }) => {
      let signals = 0;
      fc.assert(
        fc.property(params, marketArb, (chosen, events) => {
          signals += run(create(chosen), events).flat().length;
        }),
        { numRuns: 30, seed: 42 },
      );
      return signals;
    });
    for (const count of counts) expect(count).toBeGreaterThan(0);
  });
});
