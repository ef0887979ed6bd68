// Publisher options are checked when the publisher is made: a partition count, dedupe window
// or retention that could not work is refused with what and why, before anything is published.
import { EVENT_TYPES } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { BadOptionsError } from '../src/errors.ts';
import { type PublisherOptions, resolvePublisherOptions } from '../src/options.ts';
import { NOT_POSITIVE } from './support/bad-numbers.ts';

const base = { namespace: 'ns', partitions: 8 };
const resolve = (extra: object) => resolvePublisherOptions({ ...base, ...extra } as PublisherOptions);

/** Refused with a BadOptionsError whose message matches. */
function expectRefused(extra: object, message: string | RegExp): void {
  expect(() => resolve(extra)).toThrow(BadOptionsError);
  expect(() => resolve(extra)).toThrow(message);
}

describe('publisher options', () => {
  it('given only the required options, then every event type keeps about 1,000,000 entries, dedupe 15 min', () => {
    const resolved = resolve({});
    expect(resolved.dedupeWindowMs).toBe(15 * 60_000);
    for (const type of EVENT_TYPES) expect(resolved.retention[type]).toEqual({ maxLength: 1_000_000 });
  });

  it('given each retention shape, then it is kept for its type and the others default', () => {
    const { retention } = resolve({
      retention: { market_data: { maxLength: 10 }, signal: { maxAgeMs: 60_000 }, order: 'unbounded' },
    });
    expect(retention).toEqual({
      market_data: { maxLength: 10 },
      signal: { maxAgeMs: 60_000 },
      order: 'unbounded',
      fill: { maxLength: 1_000_000 },
    });
  });

  it('given a retention changed after the publisher was made, then the checked copy is what is used', () => {
    const marketData = { maxLength: 10 };
    const resolved = resolve({ retention: { market_data: marketData } });
    marketData.maxLength = -1;
    expect(resolved.retention.market_data).toEqual({ maxLength: 10 });
  });

  it.each(NOT_POSITIVE)('given partitions of %s, then it is refused, naming it', (value, shown) => {
    expectRefused({ partitions: value }, `partitions must be a positive integer, got ${shown}`);
  });

  it.each(NOT_POSITIVE.filter(([value]) => value !== 0))(
    'given a dedupeWindowMs of %s, then it is refused, naming it',
    (value, shown) => {
      expectRefused({ dedupeWindowMs: value }, `dedupeWindowMs must be a non-negative integer, got ${shown}`);
    },
  );

  it('given a dedupeWindowMs of 0, then it is kept: dedupe is off', () => {
    expect(resolve({ dedupeWindowMs: 0 }).dedupeWindowMs).toBe(0);
  });

  describe.each(['maxLength', 'maxAgeMs'])('given a retention %s', (key) => {
    it.each(NOT_POSITIVE)('of %s, then it is refused, naming the event type', (value, shown) => {
      expectRefused(
        { retention: { market_data: { [key]: value } } },
        `retention.market_data.${key} must be a positive integer, got ${shown}`,
      );
      expectRefused(
        { retention: { fill: { [key]: value } } },
        `retention.fill.${key} must be a positive integer`,
      );
    });
  });

  it.each([
    [{}, '{}'],
    // With both, the publisher would trim by maxLength alone.
    [{ maxLength: 5, maxAgeMs: 5 }, '{"maxLength":5,"maxAgeMs":5}'],
    [{ maxlength: 5 }, '{"maxlength":5}'],
    ['forever', '"forever"'],
    [null, 'null'],
    [5, '5'],
    [[], '[]'],
  ])('given a retention of %o for one type, then it is refused, naming the shapes', (value, shown) => {
    expectRefused(
      { retention: { signal: value } },
      `retention.signal must be { maxLength }, { maxAgeMs } or 'unbounded', got ${shown}`,
    );
  });

  it('given a retention keyed by an unknown event type, then it is refused, naming the key', () => {
    expectRefused(
      { retention: { market_data: 'unbounded', trades: { maxLength: 5 } } },
      'retention.trades is not an event type: retention keys must be one of market_data, signal, order, fill, got "trades"',
    );
  });

  it.each([
    ['unbounded', '"unbounded"'],
    [null, 'null'],
    [[{ maxLength: 5 }], '[{"maxLength":5}]'],
  ])('given a retention of %o instead of one per event type, then it is refused', (value, shown) => {
    expectRefused({ retention: value }, `retention must be an object keyed by event type, got ${shown}`);
  });

  it.each([
    [{ namespace: 'Has Spaces' }, /^namespace must be 1-32 characters .*, got "Has Spaces"$/],
    [{ namespace: 7 }, 'namespace must be a string, got 7'],
  ])('given a bad namespace (%o), then it is a BadOptionsError, not a bare RangeError', (extra, message) => {
    expectRefused(extra, message);
  });
});
