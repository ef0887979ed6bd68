// Times and durations as people read them.

const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12,345 */
export function count(value: number): string {
  return numbers.format(value);
}

/** An epoch-ms instant as ISO-8601 (UTC, ms). */
export function isoOfMs(ms: number): string {
  return new Date(ms).toISOString();
}

/** A duration in ms as `850 ms`, `12.3 s`, `4m 05s`, `2h 03m`, `3d 4h`. */
export function duration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (seconds < 3_600) return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3_600)}h ${pad(Math.floor((seconds % 3_600) / 60))}m`;
  return `${Math.floor(seconds / 86_400)}d ${Math.floor((seconds % 86_400) / 3_600)}h`;
}

/** A nanosecond difference as people read it: `+850 ns`, `+12.5 µs`, `+3.2 ms`, then as duration(). */
export function nsDelta(ns: bigint): string {
  const sign = ns < 0n ? '-' : '+';
  const abs = ns < 0n ? -ns : ns;
  if (abs < 1_000n) return `${sign}${abs} ns`;
  if (abs < 1_000_000n) return `${sign}${(Number(abs) / 1_000).toFixed(1)} µs`;
  if (abs < 1_000_000_000n) return `${sign}${(Number(abs) / 1_000_000).toFixed(1)} ms`;
  return `${sign}${duration(Number(abs / 1_000_000n))}`;
}

/** h:mm:ss, or m:ss under an hour. */
export function clock(seconds: number): string {
  const total = Math.ceil(seconds);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
