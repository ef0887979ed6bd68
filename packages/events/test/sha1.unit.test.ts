// Our SHA-1 with a precomputed prefix must be SHA-1, byte for byte: node:crypto is the oracle,
// over prefixes and rests of every length around the block boundaries, and any UTF-8.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha1Prefix, sha1With } from '../src/sha1.ts';

const oracle = (prefix: Uint8Array, rest: string) =>
  createHash('sha1').update(prefix).update(rest, 'utf8').digest('hex');

function ours(prefix: Uint8Array, rest: string): string {
  const out = new Uint8Array(20);
  sha1With(sha1Prefix(prefix), rest, out);
  return Buffer.from(out).toString('hex');
}

describe('sha1With', () => {
  it('given the FIPS 180 examples, then the digests are the published ones', () => {
    expect(ours(new Uint8Array(0), 'abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(ours(new Uint8Array(0), '')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(
      ours(new TextEncoder().encode('abcdbcdecdefdefgefghfghighij'), 'hijkijkljklmklmnlmnomnopnopq'),
    ).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
  });

  it('given any prefix and rest (lengths across block boundaries, any Unicode), then it is node:crypto’s SHA-1', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.string({ unit: 'grapheme', maxLength: 150 }),
        (prefix, rest) => {
          expect(ours(prefix, rest)).toBe(oracle(prefix, rest));
        },
      ),
      { numRuns: 3_000 },
    );
    for (let p = 0; p <= 130; p++) {
      for (const r of [0, 1, 7, 8, 9, 55, 56, 63, 64, 65, 120]) {
        const prefix = Uint8Array.from({ length: p }, (_, i) => (i * 7) & 0xff);
        const rest = 'x'.repeat(r);
        expect(ours(prefix, rest), `${p} + ${r}`).toBe(oracle(prefix, rest));
      }
    }
  });

  it('given one prefix state reused for many rests, then each digest is independent of the others', () => {
    const prefix = sha1Prefix(new Uint8Array(100).fill(3));
    const out = new Uint8Array(20);
    for (const rest of ['1', '22', '1']) {
      sha1With(prefix, rest, out);
      expect(Buffer.from(out).toString('hex')).toBe(oracle(new Uint8Array(100).fill(3), rest));
    }
  });
});
