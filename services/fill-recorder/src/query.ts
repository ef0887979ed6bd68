// Parses the /fills query: symbol, from/to (ISO-8601 or integer ns since epoch, on
// ts_event, inclusive), limit (1-10000, default 1000) and offset (default 0). A bad
// parameter is a QueryError naming it (the API answers 400).
import { nsFromIso, SYMBOL_PATTERN } from '@tickflow/events';

export const DEFAULT_LIMIT = 1_000;
export const MAX_LIMIT = 10_000;
const KNOWN = new Set(['symbol', 'from', 'to', 'limit', 'offset']);

export class QueryError extends Error {
  readonly parameter: string;
  constructor(parameter: string, message: string) {
    super(`${parameter}: ${message}`);
    this.parameter = parameter;
    this.name = 'QueryError';
  }
}

export interface FillsQuery {
  readonly symbol: string | undefined;
  readonly fromNs: bigint | undefined;
  readonly toNs: bigint | undefined;
  readonly limit: number;
  readonly offset: number;
}

export function parseFillsQuery(params: URLSearchParams): FillsQuery {
  for (const name of new Set(params.keys())) {
    if (!KNOWN.has(name)) throw new QueryError(name, `unknown parameter (expected ${[...KNOWN].join(', ')})`);
    if (params.getAll(name).length > 1) throw new QueryError(name, 'given more than once');
  }
  const symbol = params.get('symbol') ?? undefined;
  if (symbol !== undefined && !SYMBOL_PATTERN.test(symbol))
    throw new QueryError(
      'symbol',
      `expected a symbol of 1-64 characters from A-Z a-z 0-9 . _ - / :, got "${symbol}"`,
    );
  const fromNs = parseTime('from', params.get('from'));
  const toNs = parseTime('to', params.get('to'));
  if (fromNs !== undefined && toNs !== undefined && fromNs > toNs)
    throw new QueryError('from', 'must not be after to');
  return {
    symbol,
    fromNs,
    toNs,
    limit: parseInteger('limit', params.get('limit'), 1, MAX_LIMIT, DEFAULT_LIMIT),
    offset: parseInteger('offset', params.get('offset'), 0, Number.MAX_SAFE_INTEGER, 0),
  };
}

/** ISO-8601 (e.g. 2020-02-22T00:00:00.123Z) or integer nanoseconds since the epoch. */
export function parseTime(name: string, text: string | null): bigint | undefined {
  if (text === null) return undefined;
  if (/^\d{1,19}$/.test(text)) return BigInt(text);
  try {
    return nsFromIso(text);
  } catch {
    throw new QueryError(name, `expected an ISO-8601 timestamp or integer nanoseconds, got "${text}"`);
  }
}

function parseInteger(name: string, text: string | null, min: number, max: number, fallback: number): number {
  if (text === null) return fallback;
  const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new QueryError(name, `expected an integer from ${min} to ${max}, got "${text}"`);
  return value;
}
