// The delivery policy on the handler's own failures: retries with backoff, RetryLaterError,
// the circuit breaker, and a property over whole sequences of failures.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Attempt, afterFailure, type PolicyConfig, type Verdict } from '../src/delivery-policy.ts';
import { RetryLaterError } from '../src/handler-errors.ts';
import {
  breakerWith,
  clock,
  config,
  connectionRefused,
  firstAttempt,
  fullJitter,
  noJitter,
} from './support/policy.ts';

describe('delivery policy: an ordinary failure', () => {
  it('records a breaker failure and retries with backoff, counting a delivery', () => {
    // Given a breaker that opens on the 2nd consecutive failure
    const breaker = breakerWith(2);

    // When the handler fails on its first delivery
    const verdict = afterFailure(
      new Error('venue said no'),
      'router',
      firstAttempt,
      breaker,
      config,
      noJitter,
    );

    // Then it is retried after the base delay as delivery 2; the breaker counted one failure
    expect(verdict).toEqual({
      action: 'retry',
      why: 'failed',
      delayMs: 100,
      next: { deliveries: 2, outages: 0 },
    });
    expect(breaker.state).toBe('closed');
    breaker.failure();
    expect(breaker.state).toBe('open');
  });

  it('backs off by the number of deliveries so far, jittered, capped', () => {
    const breaker = breakerWith(100);
    const big: PolicyConfig = { ...config, maxDeliveries: 100 };
    const delayAt = (deliveries: number, random: () => number) => {
      const verdict = afterFailure(new Error('x'), 'h', { deliveries, outages: 0 }, breaker, big, random);
      return verdict.action === 'retry' ? verdict.delayMs : Number.NaN;
    };
    expect([1, 2, 3, 4, 5, 9].map((n) => delayAt(n, noJitter))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect([1, 2, 3, 4, 5].map((n) => delayAt(n, fullJitter))).toEqual([50, 100, 200, 400, 500]);
  });

  it('resets the consecutive outages of the entry', () => {
    const verdict = afterFailure(
      new Error('x'),
      'h',
      { deliveries: 2, outages: 5 },
      breakerWith(10),
      config,
      noJitter,
    );
    expect(verdict).toMatchObject({ why: 'failed', next: { deliveries: 3, outages: 0 } });
  });

  it('dead-letters as failed once the deliveries reach maxDeliveries, naming handler, count and last error', () => {
    // Given an entry on its last allowed delivery
    const breaker = breakerWith(10);
    const attempt: Attempt = { deliveries: config.maxDeliveries, outages: 0 };

    // When the handler fails again
    const verdict = afterFailure(new TypeError('price is undefined'), 'router', attempt, breaker, config);

    // Then the entry is dead-lettered with kind failed
    expect(verdict).toEqual({
      action: 'dead-letter',
      kind: 'failed',
      reason: 'handler router failed 4 times; last error: TypeError: price is undefined',
    });
  });

  it('retries on the delivery just before maxDeliveries', () => {
    const attempt: Attempt = { deliveries: config.maxDeliveries - 1, outages: 0 };
    const verdict = afterFailure(new Error('x'), 'h', attempt, breakerWith(10), config, noJitter);
    expect(verdict).toMatchObject({ action: 'retry', why: 'failed', next: { deliveries: 4 } });
  });

  it('dead-letters at once when maxDeliveries is 1', () => {
    const verdict = afterFailure(new Error('x'), 'h', firstAttempt, breakerWith(10), {
      ...config,
      maxDeliveries: 1,
    });
    expect(verdict).toMatchObject({ action: 'dead-letter', kind: 'failed' });
  });

  it('describes a thrown non-Error by its string form', () => {
    const attempt: Attempt = { deliveries: config.maxDeliveries, outages: 0 };
    const verdict = afterFailure('plain string', 'h', attempt, breakerWith(10), config);
    expect(verdict).toMatchObject({ reason: 'handler h failed 4 times; last error: plain string' });
  });
});

describe('delivery policy: a RetryLaterError', () => {
  it('is retried after its own delay, counting a delivery and a breaker failure', () => {
    // Given a breaker that opens on the 2nd failure
    const breaker = breakerWith(2);

    // When the handler asks to be retried in 12.5 s
    const error = new RetryLaterError('rate limited', { delayMs: 12_500 });
    const verdict = afterFailure(error, 'router', firstAttempt, breaker, config, noJitter);

    // Then its delay is used (not the backoff's, nor the cap's), and it counts
    expect(verdict).toEqual({
      action: 'retry',
      why: 'failed',
      delayMs: 12_500,
      next: { deliveries: 2, outages: 0 },
    });
    breaker.failure();
    expect(breaker.state).toBe('open');
  });

  it('accepts a delay of 0', () => {
    const verdict = afterFailure(
      new RetryLaterError('now', { delayMs: 0 }),
      'h',
      firstAttempt,
      breakerWith(10),
      config,
      noJitter,
    );
    expect(verdict).toMatchObject({ why: 'failed', delayMs: 0 });
  });

  it('is dead-lettered as failed once the deliveries are used up', () => {
    const attempt: Attempt = { deliveries: config.maxDeliveries, outages: 0 };
    const error = new RetryLaterError('rate limited', { delayMs: 5 });
    const verdict = afterFailure(error, 'router', attempt, breakerWith(10), config);
    expect(verdict).toMatchObject({
      action: 'dead-letter',
      kind: 'failed',
      reason: 'handler router failed 4 times; last error: RetryLaterError: rate limited',
    });
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('cannot be constructed with delayMs %s', (delayMs) => {
    expect(() => new RetryLaterError('x', { delayMs })).toThrow(RangeError);
  });

  it('keeps its cause and code', () => {
    const cause = new Error('429');
    const error = new RetryLaterError('rate limited', { delayMs: 1, cause });
    expect(error).toMatchObject({ name: 'RetryLaterError', code: 'RETRY_LATER', delayMs: 1, cause });
  });
});

describe('delivery policy: the circuit breaker', () => {
  it('opening on this failure makes it a circuit-open retry with no delay that does not count', () => {
    // Given a breaker that opens on the 2nd consecutive failure, one failure recorded already
    const breaker = breakerWith(2);
    afterFailure(new Error('down'), 'router', firstAttempt, breaker, config, noJitter);
    const attempt: Attempt = { deliveries: 2, outages: 0 };

    // When the handler fails again (on another entry, say)
    const verdict = afterFailure(new Error('down'), 'router', attempt, breaker, config, noJitter);

    // Then the breaker is open and the entry waits for it, its attempt unchanged
    expect(breaker.state).toBe('open');
    expect(verdict).toEqual({ action: 'retry', why: 'circuit-open', delayMs: 0, next: attempt });
  });

  it('takes precedence over dead-lettering on the last delivery', () => {
    // A downstream outage is not the entry's fault: it must not be dead-lettered for it.
    const breaker = breakerWith(1);
    const attempt: Attempt = { deliveries: config.maxDeliveries, outages: 0 };
    const verdict = afterFailure(new Error('down'), 'router', attempt, breaker, config);
    expect(verdict).toEqual({ action: 'retry', why: 'circuit-open', delayMs: 0, next: attempt });
  });

  it('a failed half-open trial opens it again: circuit-open', async () => {
    // Given a breaker opened, cooled down and admitting its trial call
    const time = clock();
    const breaker = breakerWith(1, time);
    breaker.failure();
    time.advance(500);
    await breaker.ready();
    expect(breaker.state).toBe('half-open');

    // When the trial call fails
    const verdict = afterFailure(new Error('still down'), 'router', firstAttempt, breaker, config);

    // Then the entry waits again, without counting the delivery
    expect(breaker.state).toBe('open');
    expect(verdict).toEqual({ action: 'retry', why: 'circuit-open', delayMs: 0, next: firstAttempt });
  });
});

describe('delivery policy: property', () => {
  type Failure = 'ordinary' | 'retry-later' | 'connection';
  const toError = (kind: Failure): unknown =>
    kind === 'ordinary'
      ? new Error('boom')
      : kind === 'retry-later'
        ? new RetryLaterError('later', { delayMs: 7 })
        : connectionRefused();

  it('an entry gets at most maxDeliveries - 1 failed retries, and is dead-lettered at the maxDeliveries-th counted failure', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.constantFrom<Failure>('ordinary', 'retry-later', 'connection'), { maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (maxDeliveries, failures, jitter) => {
          // Given a breaker that never opens within the sequence
          const breaker = breakerWith(failures.length + 1);
          const policy: PolicyConfig = { ...config, maxDeliveries };
          let attempt: Attempt = { deliveries: 1, outages: 0 };
          let failedRetries = 0;
          let counted = 0;
          let verdict: Verdict | undefined;

          // When the entry fails with each error in turn, until it is dead-lettered
          for (const kind of failures) {
            verdict = afterFailure(toError(kind), 'h', attempt, breaker, policy, () => jitter);
            if (kind !== 'connection') counted++;
            if (verdict.action === 'dead-letter') break;
            expect(verdict.why).not.toBe('circuit-open');
            if (verdict.why === 'failed') failedRetries++;
            expect(verdict.next.deliveries).toBe(failedRetries + 1);
            expect(verdict.delayMs).toBeGreaterThanOrEqual(0);
            attempt = verdict.next;
          }

          // Then it never got more failed retries than maxDeliveries - 1 ...
          expect(failedRetries).toBeLessThanOrEqual(maxDeliveries - 1);
          // ... and was dead-lettered exactly when the counted failures reached maxDeliveries
          if (counted >= maxDeliveries) {
            expect(verdict).toMatchObject({ action: 'dead-letter', kind: 'failed' });
            expect(failedRetries).toBe(maxDeliveries - 1);
            expect(counted).toBe(maxDeliveries);
          } else {
            expect(verdict?.action ?? 'retry').toBe('retry');
          }
          expect(breaker.state).toBe('closed');
        },
      ),
    );
  });
});
