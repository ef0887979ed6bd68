import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMIT, parseFillsQuery, QueryError } from '../src/query.ts';

const parse = (query: string) => parseFillsQuery(new URLSearchParams(query));

function errorOf(query: string): QueryError {
  try {
    parse(query);
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error(`expected ${query} to be rejected`);
}

describe('parseFillsQuery', () => {
  it('defaults to every symbol, all time, the default limit', () => {
    expect(parse('')).toEqual({
      symbol: undefined,
      fromNs: undefined,
      toNs: undefined,
      limit: DEFAULT_LIMIT,
      offset: 0,
    });
  });

  it('reads from/to as ISO-8601 (losslessly) or integer nanoseconds', () => {
    const query = parse(
      'symbol=BTCUSDT&from=2020-02-22T00:00:00.123456789Z&to=1582329601000000000&limit=5&offset=10',
    );
    expect(query).toEqual({
      symbol: 'BTCUSDT',
      fromNs: 1_582_329_600_123_456_789n,
      toNs: 1_582_329_601_000_000_000n,
      limit: 5,
      offset: 10,
    });
    expect(parse('from=2020-02-22T01:00:00%2B01:00').fromNs).toBe(1_582_329_600_000_000_000n);
  });

  it.each([
    ['from=yesterday', 'from'],
    ['to=2020-02-30T00:00:00Z', 'to'],
    ['from=2&to=1', 'from'],
    ['limit=0', 'limit'],
    ['limit=10001', 'limit'],
    ['limit=ten', 'limit'],
    ['offset=-1', 'offset'],
    ['symbol=', 'symbol'],
    ['symbol=BTC USDT', 'symbol'],
    ['symbol=A&symbol=B', 'symbol'],
    ['sort=asc', 'sort'],
  ])('rejects %s naming %s', (query, parameter) => {
    const error = errorOf(query);
    expect(error.parameter).toBe(parameter);
    expect(error.message).toMatch(new RegExp(`^${parameter}: `));
  });
});
