import { describe, expect, it } from 'vitest';
import { DEFAULT_STRATEGIES, signalEngineConfig } from '../src/config.ts';

const parse = (value: string | undefined) => signalEngineConfig.safeParse({ SIGNAL_STRATEGIES: value });
const messages = (value: string) => {
  const result = parse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('SIGNAL_STRATEGIES', () => {
  it('given nothing, then both shipped strategies run with default params', () => {
    const result = parse(undefined);
    expect(result.success && result.data.SIGNAL_STRATEGIES).toEqual(DEFAULT_STRATEGIES);
  });

  it('given strategies with ids and params, then they are kept as given', () => {
    const result = parse(
      '[{"strategy":"sma-crossover","id":"sma-fast","params":{"fastPeriod":3,"slowPeriod":5}}]',
    );
    expect(result.success && result.data.SIGNAL_STRATEGIES).toEqual([
      { strategy: 'sma-crossover', id: 'sma-fast', params: { fastPeriod: 3, slowPeriod: 5 } },
    ]);
  });

  it('given bad JSON, an unknown strategy, bad params or duplicate ids, then each is reported', () => {
    expect(messages('[{')).toEqual([expect.stringMatching(/^not valid JSON/)]);
    expect(messages('[{"strategy":"nope"}]')).toEqual([
      expect.stringContaining('[0.strategy] expected one of sma-crossover, mean-reversion'),
    ]);
    expect(messages('[{"strategy":"sma-crossover","params":{"fastPeriod":30,"slowPeriod":10}}]')).toEqual([
      expect.stringMatching(/^\[0\] .*slowPeriod/),
    ]);
    expect(messages('[{"strategy":"sma-crossover"},{"strategy":"sma-crossover"}]')).toEqual([
      'strategy id "sma-crossover" appears twice; give each an "id"',
    ]);
    expect(messages('[]')).toEqual([expect.stringContaining('expected at least one strategy')]);
  });
});

describe('SIGNAL_GROUPING', () => {
  const grouping = (value: string | undefined) => signalEngineConfig.safeParse({ SIGNAL_GROUPING: value });

  it('given nothing, then the strategies share one group', () => {
    const result = grouping(undefined);
    expect(result.success && result.data.SIGNAL_GROUPING).toBe('shared');
  });

  it('given per-strategy, then it is kept; given anything else, then it is refused', () => {
    const result = grouping('per-strategy');
    expect(result.success && result.data.SIGNAL_GROUPING).toBe('per-strategy');
    const refused = grouping('one-per-tick');
    expect(refused.success ? [] : refused.error.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['SIGNAL_GROUPING'], 'expected shared or per-strategy'],
    ]);
  });
});
