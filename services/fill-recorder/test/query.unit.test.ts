import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMIT, fillsQuerySchema } from '../src/query.ts';

/** The query string as fastify hands it over: a repeated parameter becomes an array. */
function parsedQuery(query: string): Record<string, string | string[]> {
  const parsed: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    const previous = parsed[name];
    parsed[name] = previous === undefined ? value : [previous, value].flat();
  }
  return parsed;
}

const parse = (query: string) => fillsQuerySchema.parse(parsedQuery(query));

describe('fillsQuerySchema', () => {
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
    ['from=yesterday', 'from', /^expected an ISO-8601 timestamp or integer nanoseconds, got "yesterday"$/],
    ['to=2020-02-30T00:00:00Z', 'to', /^expected an ISO-8601/],
    ['from=2&to=1', 'from', /^must not be after to$/],
    ['limit=0', 'limit', /^expected an integer from 1 to 10000, got "0"$/],
    ['limit=10001', 'limit', /^expected an integer from 1 to 10000/],
    ['limit=ten', 'limit', /^expected an integer from 1 to 10000, got "ten"$/],
    ['limit=1e3', 'limit', /^expected an integer/],
    ['offset=-1', 'offset', /^expected an integer from 0 to/],
    ['symbol=', 'symbol', /^expected a symbol of 1-64 characters/],
    ['symbol=BTC USDT', 'symbol', /^expected a symbol/],
    ['symbol=A&symbol=B', 'symbol', /^given more than once$/],
    ['limit=1&limit=2', 'limit', /^given more than once$/],
  ])('rejects %s naming %s', (query, parameter, message) => {
    const result = fillsQuerySchema.safeParse(parsedQuery(query));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      [parameter, expect.stringMatching(message)],
    ]);
  });

  it('rejects an unknown parameter, naming it', () => {
    const issues = fillsQuerySchema.safeParse(parsedQuery('sort=asc')).error?.issues;
    expect(issues).toMatchObject([{ code: 'unrecognized_keys', keys: ['sort'] }]);
  });
});
