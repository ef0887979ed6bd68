// The key → slot mapping of the Redis Cluster specification, against known values (CRC16/XMODEM's
// check value and CLUSTER KEYSLOT answers of Redis 7). The streams package checks it against a
// real cluster as well (cluster-partition-slots.int.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc16, crc16OfText } from '../src/cluster-slot.ts';
import { hashTagOf, keySlot } from '../src/index.ts';
import { unicodeStringArb } from './primitive-arbitraries.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('crc16', () => {
  it('is CRC16/XMODEM: the check value of "123456789" is 0x31C3', () => {
    expect(crc16(bytes('123456789'))).toBe(0x31c3);
    expect(crc16OfText('123456789')).toBe(0x31c3);
    expect(crc16(new Uint8Array())).toBe(0);
  });

  it('continues from a prefix’s CRC as if over the whole text, ASCII or not', () => {
    fc.assert(
      fc.property(unicodeStringArb(), unicodeStringArb(), (head, tail) => {
        const whole = crc16(bytes(head + tail));
        expect(crc16OfText(head + tail)).toBe(whole);
        expect(crc16OfText(tail, crc16OfText(head))).toBe(whole);
      }),
    );
  });
});

describe('keySlot', () => {
  it('gives the slots CLUSTER KEYSLOT gives', () => {
    expect(keySlot('foo')).toBe(12_182);
    expect(keySlot('bar')).toBe(5_061);
    expect(keySlot('123456789')).toBe(0x31c3 % 16_384);
    expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
  });

  it('hashes the hash tag only: the first {…} that is not empty', () => {
    expect(hashTagOf('foo{}{bar}')).toBe('foo{}{bar}');
    expect(hashTagOf('foo{{bar}}zap')).toBe('{bar');
    expect(hashTagOf('foo{bar}{zap}')).toBe('bar');
    expect(hashTagOf('tf:{live:md:3~1303}:ckpt:g')).toBe('live:md:3~1303');
    expect(hashTagOf('no tag')).toBe('no tag');
    expect(hashTagOf('open{only')).toBe('open{only');
  });
});
