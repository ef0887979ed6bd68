/**
 * True when stream entry id `a` is after `b` (ids are `<ms>-<seq>`, compared numerically).
 * Compares the decimal strings by length, then lexicographically: no parsing, no BigInt —
 * this runs for every entry handled and every entry a reader merges.
 */
export function isAfter(a: string, b: string): boolean {
  const aDash = a.indexOf('-');
  const bDash = b.indexOf('-');
  // The usual case: both parts of equal lengths, so plain string order is numeric order.
  if (aDash === bDash && a.length === b.length) return a > b;
  const byMs = compareDigits(a, 0, aDash, b, 0, bDash);
  if (byMs !== 0) return byMs > 0;
  return compareDigits(a, aDash + 1, a.length, b, bDash + 1, b.length) > 0;
}

/** Compares the unsigned decimal numbers a[aStart, aEnd) and b[bStart, bEnd) (no leading zeros). */
function compareDigits(
  a: string,
  aStart: number,
  aEnd: number,
  b: string,
  bStart: number,
  bEnd: number,
): number {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  if (aLength !== bLength) return aLength - bLength;
  for (let i = 0; i < aLength; i++) {
    const difference = a.charCodeAt(aStart + i) - b.charCodeAt(bStart + i);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The append time of a stream entry id `<ms>-<seq>`, in ms (Redis' clock when it was added). */
export function entryIdMs(id: string): number {
  return Number(id.slice(0, id.indexOf('-')));
}
