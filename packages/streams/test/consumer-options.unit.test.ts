// Consumer options are checked when the consumer is made: a value that could not work is
// refused with what and why, before any connection or read.
import { describe, expect, it } from 'vitest';
import { BadOptionsError } from '../src/errors.ts';
import { type ConsumerOptions, MAX_BATCH_SIZE, resolveConsumerOptions } from '../src/options.ts';
import { NOT_POSITIVE } from './support/bad-numbers.ts';

const base = { namespace: 'ns', partitions: 8, group: 'g' };
const resolve = (extra: object) => resolveConsumerOptions({ ...base, ...extra }, 'c');

/** Refused with a BadOptionsError whose message matches. */
function expectRefused(extra: object, message: string | RegExp): void {
  expect(() => resolve(extra)).toThrow(BadOptionsError);
  expect(() => resolve(extra)).toThrow(message);
}

const POSITIVE_OPTIONS: readonly (keyof ConsumerOptions)[] = [
  'partitions',
  'batchSize',
  'blockMs',
  'maxInFlight',
  'leaseTtlMs',
  'leaseRenewMs',
  'maxDeliveries',
  'retryBaseDelayMs',
  'retryMaxDelayMs',
  'circuitFailureThreshold',
  'circuitCoolDownMs',
  'deadLetterMaxLength',
];

describe('consumer options', () => {
  it('given only the required options, then the defaults are filled in and pass', () => {
    expect(resolve({})).toMatchObject({
      consumerName: 'c',
      startFrom: 'earliest',
      batchSize: 100,
      blockMs: 1_000,
      maxInFlight: 1_000,
      leaseTtlMs: 10_000,
      leaseRenewMs: 2_500,
      maxDeliveries: 5,
      retryBaseDelayMs: 100,
      retryMaxDelayMs: 5_000,
      circuitFailureThreshold: 10,
      circuitCoolDownMs: 5_000,
      deadLetterMaxLength: 100_000,
      shutdownGraceMs: 10_000,
    });
  });

  it('given a batchSize up to the limit, then it is kept', () => {
    expect(resolve({ batchSize: MAX_BATCH_SIZE }).batchSize).toBe(MAX_BATCH_SIZE);
  });

  it('given a batchSize past what one ack script can take, then it is refused, saying why', () => {
    expect(() => resolve({ batchSize: MAX_BATCH_SIZE + 1 })).toThrow(BadOptionsError);
    expect(() => resolve({ batchSize: 10_000 })).toThrow(
      /batchSize must be at most 5000, got 10000: a batch is acked in one script call/,
    );
  });

  describe.each(POSITIVE_OPTIONS)('given %s', (option) => {
    it.each(NOT_POSITIVE)('of %s, then it is refused, naming it', (value, shown) => {
      expectRefused({ [option]: value }, `${option} must be a positive integer, got ${shown}`);
    });
  });

  it.each(NOT_POSITIVE.filter(([value]) => value !== 0))(
    'given a shutdownGraceMs of %s, then it is refused, naming it',
    (value, shown) => {
      expectRefused(
        { shutdownGraceMs: value },
        `shutdownGraceMs must be a non-negative integer, got ${shown}`,
      );
    },
  );

  it('given a shutdownGraceMs of 0, then it is kept: stop() aborts in-flight work at once', () => {
    expect(resolve({ shutdownGraceMs: 0 }).shutdownGraceMs).toBe(0);
  });

  it('given a retryBaseDelayMs above retryMaxDelayMs, then it is refused, naming both', () => {
    expectRefused(
      { retryBaseDelayMs: 200, retryMaxDelayMs: 100 },
      'retryBaseDelayMs (200) must be at most retryMaxDelayMs (100)',
    );
    expectRefused(
      { retryBaseDelayMs: 6_000 },
      'retryBaseDelayMs (6000) must be at most retryMaxDelayMs (5000)',
    );
    expect(resolve({ retryBaseDelayMs: 100, retryMaxDelayMs: 100 }).retryMaxDelayMs).toBe(100);
  });

  it('given a startFrom that is neither earliest nor latest, then it is refused (a typo would skip all history)', () => {
    expectRefused(
      { startFrom: 'earlist' as 'earliest' },
      `startFrom must be 'earliest' or 'latest', got "earlist"`,
    );
  });

  it('given a leaseRenewMs over half the leaseTtlMs, then it is refused, naming both', () => {
    expectRefused(
      { leaseTtlMs: 1_000, leaseRenewMs: 501 },
      'leaseRenewMs (501) must be at most half of leaseTtlMs (1000)',
    );
  });

  it.each([
    ['namespace', { namespace: 'Has Spaces' }, /^namespace must be 1-32 characters .*, got "Has Spaces"$/],
    ['namespace', { namespace: undefined }, 'namespace must be a string, got undefined'],
    ['group', { group: '-g' }, /^group name must be 1-64 characters .*, got "-g"$/],
    // RegExp.test would read a missing group as the string "undefined", a valid name.
    ['group', { group: undefined }, 'group must be a string, got undefined'],
    ['consumerName', { consumerName: 'a b' }, 'consumerName must be 1-128 of A-Z a-z 0-9 . _ -, got "a b"'],
    ['consumerName', { consumerName: 42 }, 'consumerName must be 1-128 of A-Z a-z 0-9 . _ -, got 42'],
  ] as const)(
    'given a bad %s (%o), then it is a BadOptionsError, not a bare RangeError',
    (_, extra, message) => {
      expectRefused(extra, message);
    },
  );
});
