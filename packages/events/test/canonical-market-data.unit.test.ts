// The codec's fast check of market-data payloads must accept nothing the zod schema rejects,
// and what it accepts must be exactly what the schema returns (same keys, same order, same
// values), since the parsed payload is then used as is. Canonical payloads (the schema's own
// output, through JSON) must take the fast path, or it is dead weight.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCanonicalMarketData } from '../src/canonical-market-data.ts';
import { marketData } from '../src/types/market-data.ts';
import { decimalArb, identifierArb, marketDataArb, positiveDecimalArb, symbolArb } from './arbitraries.ts';

/** What a payload looks like after encodeEvent and JSON.parse: the schema's output, through JSON. */
const canonical = (payload: unknown) => JSON.parse(JSON.stringify(marketData.parse(payload))) as unknown;

// Values a field might hold: valid ones of every kind, and near misses.
const anyValue = fc.oneof(
  decimalArb,
  positiveDecimalArb,
  symbolArb,
  identifierArb,
  fc.constantFrom(
    '-0',
    '-0.00',
    '01',
    '1.',
    '.5',
    '1e5',
    '+1',
    ' 1',
    '',
    'x y',
    'buy',
    'sell',
    'unknown',
    'quote',
  ),
  fc.constantFrom(
    '9'.repeat(38),
    '9'.repeat(39),
    `0.${'1'.repeat(37)}`,
    `0.${'1'.repeat(38)}`,
    'A'.repeat(129),
  ),
  fc.constantFrom(null, 1, true, [], {}, undefined),
);

/** A payload changed in one way: a value replaced, a key dropped, added or moved. */
const mutatedArb = fc
  .tuple(marketDataArb, fc.nat(), anyValue, fc.constantFrom('replace', 'drop', 'add', 'move'))
  .map(([payload, at, value, how]) => {
    const entries = Object.entries(canonical(payload) as Record<string, unknown>);
    const i = at % entries.length;
    const key = entries[i]?.[0] as string;
    if (how === 'replace') entries[i] = [key, value];
    if (how === 'drop') entries.splice(i, 1);
    if (how === 'add') entries.splice(i, 0, [`extra${at % 3}`, value]);
    if (how === 'move') entries.push(...entries.splice(i, 1));
    return JSON.parse(JSON.stringify(Object.fromEntries(entries))) as unknown;
  });

describe('isCanonicalMarketData', () => {
  it('given canonical quotes and trades, then every one takes the fast path, as the schema returns it', () => {
    fc.assert(
      fc.property(marketDataArb, (payload) => {
        const data = canonical(payload);
        expect(isCanonicalMarketData(data)).toBe(true);
        expect(JSON.stringify(data)).toBe(JSON.stringify(marketData.parse(data)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('given payloads changed in one way, then whatever it accepts the schema accepts and returns unchanged', () => {
    let accepted = 0;
    let declined = 0;
    fc.assert(
      fc.property(mutatedArb, (data) => {
        if (!isCanonicalMarketData(data)) {
          declined++;
          return;
        }
        accepted++;
        const parsed = marketData.safeParse(data);
        expect(parsed.success).toBe(true);
        expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(data));
      }),
      { numRuns: 5_000 },
    );
    // Both sides of the check were exercised.
    expect(accepted).toBeGreaterThan(100);
    expect(declined).toBeGreaterThan(100);
  });

  it('declines what is not a plain canonical payload', () => {
    const quote = canonical({
      kind: 'quote',
      symbol: 'BTCUSDT',
      venue: 'binance',
      bid_price: '1.5',
      bid_size: '0',
      ask_price: '1.6',
      ask_size: '2',
    }) as Record<string, unknown>;
    expect(isCanonicalMarketData(quote)).toBe(true);
    for (const bad of [
      null,
      [],
      'quote',
      { ...quote, kind: 'bar' },
      { ...quote, bid_size: '-1' },
      { ...quote, ask_price: '-0' },
      { ...quote, venue: 'two words' },
      { ...quote, extra: 1 },
      JSON.parse(`{"__proto__":{},${JSON.stringify(quote).slice(1)}`),
      Object.assign(Object.create({ inherited: 1 }), quote),
    ]) {
      expect(isCanonicalMarketData(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
