// SHA-1 (FIPS 180-4) for many short messages that share a long prefix: the prefix's whole
// 64-byte blocks are compressed once (a midstate) and each message then costs only its own
// last block or two, in JS, without a call into OpenSSL and the buffers it takes. Ingest
// derives one UUIDv5 per row from (namespace, scope, source id, line), whose first ~70 bytes
// never change: the native one-shot hash of the whole name cost ~1.5-2 µs, this ~0.3 µs.
// Not for security (SHA-1 is only RFC 9562's name hash here); sha1.unit.test.ts checks it
// against node:crypto on generated inputs.

/** The SHA-1 state after some whole blocks, and the bytes of the prefix left over. */
export interface Sha1Prefix {
  readonly state: Int32Array;
  /** Bytes of the prefix after its last whole block (fewer than 64). */
  readonly tail: Uint8Array;
  /** Bytes hashed into `state`. */
  readonly length: number;
}

const INITIAL = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0);
const words = new Int32Array(80);
let suffix = new Uint8Array(256);

/** The midstate of `prefix`: its whole blocks compressed, the rest kept. */
export function sha1Prefix(prefix: Uint8Array): Sha1Prefix {
  const state = INITIAL.slice();
  const whole = prefix.length - (prefix.length % 64);
  for (let at = 0; at < whole; at += 64) compress(state, prefix, at);
  return { state, tail: prefix.slice(whole), length: whole };
}

/**
 * The 20-byte SHA-1 of `prefix` followed by `rest` (as UTF-8), written into `out`. Not
 * reentrant (shared scratch buffers): it is synchronous.
 */
export function sha1With(prefix: Sha1Prefix, rest: string, out: Uint8Array): void {
  // A UTF-16 code unit is at most 3 bytes of UTF-8: room enough without measuring `rest`.
  const room = prefix.tail.length + rest.length * 3 + 72;
  if (room > suffix.length) suffix = new Uint8Array(Math.max(room, suffix.length * 2));
  suffix.set(prefix.tail, 0);
  let end = prefix.tail.length + asciiInto(rest, suffix, prefix.tail.length);
  const bits = (prefix.length + end) * 8;
  // Padding: 0x80, zeros up to 56 mod 64, the message length in bits as 64-bit big-endian.
  suffix[end++] = 0x80;
  while (end % 64 !== 56) suffix[end++] = 0;
  const high = Math.floor(bits / 0x100000000);
  for (let shift = 24; shift >= 0; shift -= 8) suffix[end++] = (high >>> shift) & 0xff;
  for (let shift = 24; shift >= 0; shift -= 8) suffix[end++] = (bits >>> shift) & 0xff;
  const state = scratchState;
  state.set(prefix.state);
  for (let at = 0; at < end; at += 64) compress(state, suffix, at);
  for (let i = 0; i < 5; i++) {
    const word = state[i] as number;
    out[i * 4] = word >>> 24;
    out[i * 4 + 1] = (word >>> 16) & 0xff;
    out[i * 4 + 2] = (word >>> 8) & 0xff;
    out[i * 4 + 3] = word & 0xff;
  }
}

const encoder = new TextEncoder();

/** `text` as UTF-8 into `bytes` at `at`; bytes written. ASCII (a row number) without a call out. */
function asciiInto(text: string, bytes: Uint8Array, at: number): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return encoder.encodeInto(text, bytes.subarray(at)).written;
    bytes[at + i] = code;
  }
  return text.length;
}
const scratchState = new Int32Array(5);

/** One 64-byte block of `bytes` at `at` into `state`. */
function compress(state: Int32Array, bytes: Uint8Array, at: number): void {
  const w = words;
  for (let i = 0; i < 16; i++) {
    const j = at + i * 4;
    w[i] =
      ((bytes[j] as number) << 24) |
      ((bytes[j + 1] as number) << 16) |
      ((bytes[j + 2] as number) << 8) |
      (bytes[j + 3] as number);
  }
  for (let i = 16; i < 80; i++) {
    const x = (w[i - 3] as number) ^ (w[i - 8] as number) ^ (w[i - 14] as number) ^ (w[i - 16] as number);
    w[i] = (x << 1) | (x >>> 31);
  }
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  let e = state[4] as number;
  for (let i = 0; i < 80; i++) {
    let f: number;
    let k: number;
    if (i < 20) {
      f = (b & c) | (~b & d);
      k = 0x5a827999;
    } else if (i < 40) {
      f = b ^ c ^ d;
      k = 0x6ed9eba1;
    } else if (i < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8f1bbcdc | 0;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6 | 0;
    }
    const t = (((a << 5) | (a >>> 27)) + f + e + k + (w[i] as number)) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  state[0] = ((state[0] as number) + a) | 0;
  state[1] = ((state[1] as number) + b) | 0;
  state[2] = ((state[2] as number) + c) | 0;
  state[3] = ((state[3] as number) + d) | 0;
  state[4] = ((state[4] as number) + e) | 0;
}
