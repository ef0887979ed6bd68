// Where a byte sequence stops being UTF-8, for the reason of a rejected line. Only called on
// the slow path, after node:buffer's isUtf8 said no: the hot path never runs this loop.

/**
 * The offset (from `start`) of the first byte that is not part of well-formed UTF-8 in
 * bytes[start, end), or -1 when all of it is well formed. Follows Unicode's Table 3-7 (no
 * overlong forms, no surrogates, nothing past U+10FFFF), as TextDecoder's fatal mode does.
 */
export function firstInvalidUtf8(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const length = sequenceLength(lead);
    if (length === 0) return i - start;
    const [low, high] = secondByteRange(lead);
    for (let k = 1; k < length; k++) {
      const byte = i + k < end ? (bytes[i + k] as number) : -1;
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (byte < min || byte > max) return i - start;
    }
    i += length;
  }
  return -1;
}

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

// The second byte's range excludes overlong forms (E0, F0), surrogates (ED) and > U+10FFFF (F4).
function secondByteRange(lead: number): readonly [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}
