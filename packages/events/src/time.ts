// Event time is integer nanoseconds since the Unix epoch (bigint): microsecond feeds and
// nanosecond venues both round-trip without loss, which float milliseconds cannot do.

const NS_PER_MS = 1_000_000n;
const ISO = /^((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2}))(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Wall-clock now in ns, at microsecond resolution (time origin + monotonic offset). */
export function nowNs(): bigint {
  const micros = Math.round((performance.timeOrigin + performance.now()) * 1000);
  return BigInt(micros) * 1000n;
}

export function nsFromMs(ms: number): bigint {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`expected integer milliseconds, got ${ms}`);
  return BigInt(ms) * NS_PER_MS;
}

/** Nanoseconds as ISO-8601 UTC with all nine fraction digits, e.g. 2020-02-22T00:00:00.123456789Z. */
export function nsToIso(ns: bigint): string {
  if (ns < 0n) throw new RangeError(`timestamps before 1970 are not supported, got ${ns} ns`);
  const ms = ns / NS_PER_MS;
  const base = new Date(Number(ms)).toISOString().slice(0, 19);
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${base}.${fraction}Z`;
}

/** Parses ISO-8601 with up to nine fraction digits and a Z or ±hh:mm offset, losslessly. */
export function nsFromIso(text: string): bigint {
  const match = ISO.exec(text);
  const seconds = match && isRealDateTime(match) ? Date.parse(`${match[1]}${match[9]}`) : Number.NaN;
  if (!match || Number.isNaN(seconds)) {
    throw new RangeError(`expected an ISO-8601 timestamp like 2020-02-22T00:00:00.123456Z, got "${text}"`);
  }
  const fraction = BigInt((match[8] ?? '').padEnd(9, '0'));
  return BigInt(seconds) * NS_PER_MS + fraction;
}

// Date.parse rolls impossible dates over (Feb 30 → Mar 1; 24:00 → next day): reject them.
function isRealDateTime(match: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second] = match.slice(2, 8).map(Number) as number[];
  const date = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0));
  return (
    date.getUTCMonth() === (month ?? 0) - 1 &&
    date.getUTCDate() === day &&
    (hour ?? 99) < 24 &&
    (minute ?? 99) < 60 &&
    (second ?? 99) < 60
  );
}
