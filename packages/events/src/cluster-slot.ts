// Redis Cluster's key → slot mapping: CRC16/XMODEM (polynomial 0x1021, initial value 0) of the
// key's hash tag, mod 16 384, as the cluster specification defines it. It lives here, next to
// the key builders, because choosing a partition's tag needs it (partition-tag.ts); the
// streams runtime uses it to group a pipeline's commands per slot.

/** Slots of a Redis Cluster. */
export const CLUSTER_SLOTS = 16_384;

const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[byte] = crc;
  }
  return table;
})();

const encoder = new TextEncoder();

/** CRC16/XMODEM of `bytes`, continuing from `crc` (0 to start). */
export function crc16(bytes: Uint8Array, crc = 0): number {
  let value = crc;
  for (const byte of bytes) value = ((value << 8) & 0xffff) ^ (TABLE[((value >> 8) ^ byte) & 0xff] as number);
  return value;
}

/**
 * CRC16/XMODEM of the UTF-8 bytes of `text`, continuing from `crc`. ASCII text (every key
 * Tickflow builds) is hashed from its char codes, without encoding it first.
 */
export function crc16OfText(text: string, crc = 0): number {
  let value = crc;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return crc16(encoder.encode(text.slice(i)), value);
    value = ((value << 8) & 0xffff) ^ (TABLE[((value >> 8) ^ code) & 0xff] as number);
  }
  return value;
}

/**
 * The part of `key` that is hashed: what lies between the first `{` and the first `}` after
 * it, when that is not empty; otherwise the whole key.
 */
export function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  if (close <= open + 1) return key;
  return key.slice(open + 1, close);
}

/** The cluster slot of `key` (what CLUSTER KEYSLOT answers). */
export function keySlot(key: string): number {
  return crc16OfText(hashTagOf(key)) % CLUSTER_SLOTS;
}
