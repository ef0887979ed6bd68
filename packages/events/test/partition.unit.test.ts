// symbol → partition. The mapping is part of how data is laid out in Redis: a symbol's
// events must keep landing in the stream that holds its history, or per-symbol order breaks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a64, jumpHash, partitionOf } from '../src/index.ts';
import { patternSymbolArb, symbolArb, unicodeStringArb } from './arbitraries.ts';

// THIS TABLE MUST NEVER CHANGE. It was computed once from the implementation and written
// down as literals: if a change to partition.ts makes it fail, that change moves existing
// symbols to other streams (away from their history). Fix the change, never the table.
// Columns: symbol, then its partition for P = 1, 8, 16, 64.
const STABLE_PARTITIONS: readonly [symbol: string, p1: number, p8: number, p16: number, p64: number][] = [
  ['BTCUSDT', 0, 7, 14, 57],
  ['ETHUSDT', 0, 0, 13, 38],
  ['SOLUSDT', 0, 0, 13, 16],
  ['BNBUSDT', 0, 2, 12, 56],
  ['XRPUSDT', 0, 3, 3, 52],
  ['ADAUSDT', 0, 4, 4, 4],
  ['DOGEUSDT', 0, 3, 3, 60],
  ['AVAXUSDT', 0, 7, 7, 16],
  ['DOTUSDT', 0, 4, 14, 14],
  ['LINKUSDT', 0, 5, 13, 51],
  ['MATICUSDT', 0, 4, 10, 31],
  ['LTCUSDT', 0, 1, 8, 56],
  ['BTC-USD', 0, 6, 15, 15],
  ['ETH-USD', 0, 5, 5, 21],
  ['BTC/USD', 0, 4, 8, 63],
  ['EUR/USD', 0, 1, 1, 32],
  ['GBP/JPY', 0, 4, 4, 4],
  ['USD/CHF', 0, 0, 13, 21],
  ['AAPL', 0, 0, 9, 9],
  ['MSFT', 0, 4, 4, 56],
  ['GOOGL', 0, 0, 8, 50],
  ['AMZN', 0, 3, 3, 57],
  ['TSLA', 0, 3, 10, 59],
  ['NVDA', 0, 2, 14, 54],
  ['BRK.B', 0, 0, 0, 18],
  ['SPY', 0, 7, 7, 57],
  ['QQQ', 0, 4, 10, 49],
  ['ES:CME', 0, 1, 1, 1],
  ['NQZ4', 0, 6, 6, 35],
  ['CL:NYMEX', 0, 0, 15, 27],
  ['BTC-PERP', 0, 5, 5, 22],
  ['btcusdt', 0, 4, 4, 37],
  ['a', 0, 2, 12, 31],
  ['A', 0, 7, 7, 60],
  ['0', 0, 6, 12, 19],
  ['', 0, 1, 13, 17],
  ['ÄÖÜ', 0, 1, 1, 1],
  ['日本株', 0, 7, 7, 54],
  ['🚀', 0, 3, 3, 30],
];

describe('partitionOf stability', () => {
  for (const [symbol, ...expected] of STABLE_PARTITIONS) {
    it(`given ${JSON.stringify(symbol)}, then its partitions for P = 1, 8, 16, 64 are ${expected.join(', ')}`, () => {
      expect([1, 8, 16, 64].map((partitions) => partitionOf(symbol, partitions))).toStrictEqual(expected);
    });
  }

  it('given the FNV-1a 64 reference vectors, then fnv1a64 matches them', () => {
    expect(fnv1a64('')).toBe(0xcbf29ce484222325n);
    expect(fnv1a64('a')).toBe(0xaf63dc4c8601ec8cn);
    expect(fnv1a64('foobar')).toBe(0x85944171f73967e8n);
  });

  it('given non-ASCII text, then fnv1a64 hashes its UTF-8 bytes', () => {
    // "Ä" is C3 84 in UTF-8: two rounds of xor-then-multiply from the offset basis.
    const round = (hash: bigint, byte: number) => BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
    expect(fnv1a64('Ä')).toBe(round(round(0xcbf29ce484222325n, 0xc3), 0x84));
  });

  it('given the Jump Consistent Hash reference vectors, then jumpHash matches them', () => {
    expect(jumpHash(1n, 1)).toBe(0);
    expect(jumpHash(42n, 57)).toBe(43);
    expect(jumpHash(0xdead10ccn, 1)).toBe(0);
    expect(jumpHash(0xdead10ccn, 666)).toBe(361);
    expect(jumpHash(256n, 1024)).toBe(520);
  });
});

describe('partitionOf ranges', () => {
  it('given any string and any P from 1 to 65,536, then the partition is an integer in [0, P)', () => {
    fc.assert(
      fc.property(unicodeStringArb(), fc.integer({ min: 1, max: 65_536 }), (symbol, partitions) => {
        const partition = partitionOf(symbol, partitions);
        expect(Number.isInteger(partition)).toBe(true);
        expect(partition).toBeGreaterThanOrEqual(0);
        expect(partition).toBeLessThan(partitions);
      }),
      { numRuns: 500 },
    );
  });

  it('given P = 1, then every symbol is in partition 0', () => {
    fc.assert(
      fc.property(unicodeStringArb(), (symbol) => {
        expect(partitionOf(symbol, 1)).toBe(0);
      }),
    );
  });

  it('given the same symbol and P, then the partition is always the same', () => {
    fc.assert(
      fc.property(symbolArb, fc.integer({ min: 1, max: 1024 }), (symbol, partitions) => {
        expect(partitionOf(symbol, partitions)).toBe(partitionOf(`${symbol}`, partitions));
      }),
    );
  });

  for (const partitions of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 65_537, 2 ** 32]) {
    it(`given P = ${partitions}, then it throws RangeError`, () => {
      expect(() => partitionOf('BTCUSDT', partitions)).toThrow(RangeError);
    });
  }

  it('given P = 65,536, the largest allowed, then it works', () => {
    expect(partitionOf('BTCUSDT', 65_536)).toBeLessThan(65_536);
  });
});

describe('partitionOf consistency (jump hash)', () => {
  it('given P grows to P+1, then a symbol keeps its partition or moves to the new partition P', () => {
    fc.assert(
      fc.property(unicodeStringArb(), fc.integer({ min: 1, max: 65_535 }), (symbol, partitions) => {
        const before = partitionOf(symbol, partitions);
        const after = partitionOf(symbol, partitions + 1);
        expect(after === before || after === partitions).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('given P doubles from 8 to 16, then only about half the symbols move, all to partitions 8..15', () => {
    const symbols = Array.from({ length: 2000 }, (_, i) => `SYM${i}`);
    const moved = symbols.filter((symbol) => partitionOf(symbol, 16) !== partitionOf(symbol, 8));
    for (const symbol of moved) expect(partitionOf(symbol, 16)).toBeGreaterThanOrEqual(8);
    expect(moved.length / symbols.length).toBeGreaterThan(0.4);
    expect(moved.length / symbols.length).toBeLessThan(0.6);
  });
});

describe('partitionOf balance', () => {
  const shares = (symbols: readonly string[], partitions: number): number[] => {
    const counts = new Array<number>(partitions).fill(0);
    for (const symbol of symbols) {
      const partition = partitionOf(symbol, partitions);
      counts[partition] = (counts[partition] ?? 0) + 1;
    }
    return counts.map((count) => count / symbols.length);
  };

  it('given 10,000 generated symbols over 8 partitions, then each gets between 10% and 15%', () => {
    const [generated] = fc.sample(
      fc.uniqueArray(patternSymbolArb, { minLength: 10_000, maxLength: 10_000 }),
      {
        numRuns: 1,
        seed: 20_240_601,
      },
    );
    expect(generated).toHaveLength(10_000);
    for (const share of shares(generated ?? [], 8)) {
      expect(share).toBeGreaterThan(0.1);
      expect(share).toBeLessThan(0.15);
    }
  });

  it('given 10,000 sequential ticker-like symbols over 8 partitions, then each gets between 10% and 15%', () => {
    const sequential = Array.from({ length: 10_000 }, (_, i) => `T${i.toString(36).toUpperCase()}USDT`);
    for (const share of shares(sequential, 8)) {
      expect(share).toBeGreaterThan(0.1);
      expect(share).toBeLessThan(0.15);
    }
  });
});
