// RFC 9562 UUIDv5 of `scope \n cause \n index` in one namespace, as the uuid package's v5
// computes it (derived-ids.unit.test.ts checks the two agree), without its per-call costs:
// ingest derives an id per row, and uuid's v5 (a hash object, buffer copies, a check of the
// string it made) took ~5 µs and ~1 KB of garbage each. Here the SHA-1 of the name's fixed
// part (namespace, scope, cause) is kept from the last call (sha1.ts: ingest's cause is the
// same for a whole file), and the 36 characters are written into a scratch buffer and read
// out as one string.
import { type Sha1Prefix, sha1Prefix, sha1With } from './sha1.ts';

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** Where each of the 16 bytes' two hex digits go in the 36 characters (after the dashes). */
const DIGIT_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const encoder = new TextEncoder();

/** The UUIDv5 of (scope, cause, index) in `namespace` (16 bytes). Synchronous, not reentrant. */
export function derivedUuids(namespace: Uint8Array): (scope: string, cause: string, index: number) => string {
  let last: { readonly scope: string; readonly cause: string; readonly prefix: Sha1Prefix } | undefined;
  const digest = new Uint8Array(20);
  const text = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1');
  return (scope, cause, index) => {
    if (last === undefined || last.scope !== scope || last.cause !== cause) {
      const name = encoder.encode(`${scope}\n${cause}\n`);
      const bytes = new Uint8Array(namespace.length + name.length);
      bytes.set(namespace, 0);
      bytes.set(name, namespace.length);
      last = { scope, cause, prefix: sha1Prefix(bytes) };
    }
    sha1With(last.prefix, String(index), digest);
    digest[6] = 0x50 | ((digest[6] as number) & 0x0f); // version 5
    digest[8] = 0x80 | ((digest[8] as number) & 0x3f); // variant 10
    for (let i = 0; i < 16; i++) {
      const byte = digest[i] as number;
      const at = DIGIT_AT[i] as number;
      text[at] = HEX_DIGITS[byte >> 4] as number;
      text[at + 1] = HEX_DIGITS[byte & 0x0f] as number;
    }
    return text.toString('latin1', 0, 36);
  };
}
