// How numbers, durations and times read on the page. Missing values show as an en dash, never
// as a made-up zero.

const DASH = '–';
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function isNumber(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

/** 12,345 */
export function count(value) {
  return isNumber(value) ? integer.format(value) : DASH;
}

/** Events per second: 0.4, 12.5, 48,210. */
export function rate(value) {
  if (!isNumber(value)) return DASH;
  return value < 100 ? oneDecimal.format(value) : integer.format(value);
}

/** 48.2k, 1.3M: for chart axes. */
export function compact(value) {
  if (!isNumber(value)) return DASH;
  const size = Math.abs(value);
  if (size >= 1e6) return `${oneDecimal.format(value / 1e6)}M`;
  if (size >= 1e3) return `${oneDecimal.format(value / 1e3)}k`;
  return oneDecimal.format(value);
}

/** A duration in ms: 0.42 ms, 12 ms, 3.4 s, 5 min 10 s, 2 h 5 min. */
export function duration(ms) {
  if (!isNumber(ms)) return DASH;
  const size = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  if (size === 0) return '0 ms';
  if (size < 1) return `${sign}${size.toFixed(2)} ms`;
  if (size < 1_000) return `${sign}${oneDecimal.format(size)} ms`;
  if (size < 60_000) return `${sign}${oneDecimal.format(size / 1_000)} s`;
  if (size < 3_600_000) {
    return `${sign}${Math.floor(size / 60_000)} min ${Math.floor((size % 60_000) / 1_000)} s`;
  }
  return `${sign}${Math.floor(size / 3_600_000)} h ${Math.floor((size % 3_600_000) / 60_000)} min`;
}

/** A duration given in ns as a decimal string (event-time hops). */
export function durationNs(ns) {
  if (ns === undefined || ns === null || ns === '') return DASH;
  return duration(Number(ns) / 1e6);
}

function pad(value, width = 2) {
  return String(value).padStart(width, '0');
}

/** Local time of day with ms: 14:03:07.125 */
export function clock(ms) {
  if (!isNumber(ms)) return DASH;
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Local date and time: 2025-01-31 14:03:07 */
export function dateTime(ms) {
  if (!isNumber(ms)) return DASH;
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(ms).slice(0, 8)}`;
}

/** ISO-8601 in UTC, for tooltips. */
export function iso(ms) {
  return isNumber(ms) ? new Date(ms).toISOString() : '';
}

/** A short JSON rendering for table cells. */
export function brief(value, max = 160) {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const RELATIVE = /^-\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d)$/i;
const UNIT_MS = { s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A time bound as typed by a person, for the API: `now` and `-15m` / `-2h` / `-30s` / `-1d`
 * become ISO-8601 instants; anything else (ISO-8601, epoch ms or ns) goes as typed.
 */
export function timeBound(text, now = Date.now()) {
  const value = (text ?? '').trim();
  if (value === '') return undefined;
  if (value.toLowerCase() === 'now') return new Date(now).toISOString();
  const match = RELATIVE.exec(value);
  if (match) {
    const unit = UNIT_MS[match[2].toLowerCase()];
    return new Date(now - Number(match[1]) * unit).toISOString();
  }
  return value;
}
