import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../src/circuit-breaker.ts';
import { type Attempt, afterFailure } from '../src/delivery-policy.ts';
import { RedisUnavailableError } from '../src/errors.ts';
import { PermanentError } from '../src/handler-errors.ts';
import {
  breakerWith,
  config,
  connectionRefused,
  firstAttempt,
  fullJitter,
  noJitter,
} from './support/policy.ts';

describe('delivery policy: a PermanentError', () => {
  it('dead-letters the entry at once with kind permanent, naming the handler and the error', () => {
    // Given a breaker that would open on its first failure
    const breaker = breakerWith(1);

    // When the handler throws a PermanentError on its first delivery
    const verdict = afterFailure(
      new PermanentError('unknown symbol XYZ'),
      'fills',
      firstAttempt,
      breaker,
      config,
    );

    // Then the entry is dead-lettered as permanent, and the breaker did not count it
    expect(verdict).toEqual({
      action: 'dead-letter',
      kind: 'permanent',
      reason: 'handler fills: PermanentError: unknown symbol XYZ',
    });
    expect(breaker.state).toBe('closed');
  });

  it('is dead-lettered as permanent even with deliveries left and after earlier failures', () => {
    const breaker = breakerWith(1);
    const verdict = afterFailure(
      new PermanentError('bad order'),
      'router',
      { deliveries: 2, outages: 3 },
      breaker,
      config,
    );
    expect(verdict).toMatchObject({ action: 'dead-letter', kind: 'permanent' });
    expect(breaker.state).toBe('closed');
  });
});

describe('delivery policy: a handler error that only reads like an outage', () => {
  it.each([
    ['downloading quotes failed'],
    ['position is readonly'],
    ['connect ECONNREFUSED 10.0.0.5:443 (the venue, not Redis)'],
  ])('"%s" is the handler\'s failure: counted, and dead-lettered in the end', (message) => {
    const breaker = breakerWith(10);
    const verdict = afterFailure(
      new Error(message),
      'fills',
      { deliveries: 1, outages: 0 },
      breaker,
      config,
      noJitter,
    );
    expect(verdict).toMatchObject({ action: 'retry', why: 'failed', next: { deliveries: 2 } });
    const last = afterFailure(
      new Error(message),
      'fills',
      { deliveries: config.maxDeliveries, outages: 0 },
      breaker,
      config,
      noJitter,
    );
    expect(last).toMatchObject({ action: 'dead-letter', kind: 'failed' });
  });
});

describe('delivery policy: a half-open trial that ends without a verdict on the handler', () => {
  it.each([
    ['a PermanentError', new PermanentError('bad order')],
    ['Redis being away', connectionRefused()],
  ])('%s ends the trial, so the next caller gets a trial of its own', async (_, error) => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, coolDownMs: 50, now: () => now });
    breaker.failure();
    now += 50;
    await breaker.ready(); // this caller holds the half-open trial
    afterFailure(error, 'fills', { deliveries: 1, outages: 0 }, breaker, config, noJitter);
    const next = await Promise.race([
      breaker.ready().then(() => 'trial'),
      new Promise((r) => setTimeout(r, 500, 'stuck')),
    ]);
    expect(next).toBe('trial');
  });
});

describe('delivery policy: Redis being unavailable', () => {
  it.each([
    ['a publish that found Redis refusing connections', connectionRefused()],
    ['a RedisUnavailableError', new RedisUnavailableError('ack: Redis unavailable')],
  ])('%s is retried as redis-unavailable without counting a delivery or touching the breaker', (_, error) => {
    // Given a breaker that would open on its first failure, and an entry on its 2nd delivery
    const breaker = breakerWith(1);
    const attempt: Attempt = { deliveries: 2, outages: 0 };

    // When the handler fails because Redis is away
    const verdict = afterFailure(error, 'fills', attempt, breaker, config, noJitter);

    // Then it is retried after the first backoff step, deliveries unchanged, one more outage
    expect(verdict).toEqual({
      action: 'retry',
      why: 'redis-unavailable',
      delayMs: 100,
      next: { deliveries: 2, outages: 1 },
    });
    expect(breaker.state).toBe('closed');
  });

  it('is retried even when the entry has used up its deliveries', () => {
    const breaker = breakerWith(1);
    const attempt: Attempt = { deliveries: config.maxDeliveries, outages: 0 };
    const verdict = afterFailure(connectionRefused(), 'fills', attempt, breaker, config, noJitter);
    expect(verdict).toMatchObject({
      action: 'retry',
      why: 'redis-unavailable',
      next: { deliveries: 4, outages: 1 },
    });
  });

  it('backs off longer with every consecutive outage, up to the cap', () => {
    // Given a run of outages on the same entry
    const breaker = breakerWith(1);
    let attempt: Attempt = { deliveries: 1, outages: 0 };
    const delays: number[] = [];

    // When each attempt fails on the connection
    for (let i = 0; i < 7; i++) {
      const verdict = afterFailure(connectionRefused(), 'fills', attempt, breaker, config, noJitter);
      if (verdict.action !== 'retry') throw new Error(`expected a retry, got ${verdict.action}`);
      delays.push(verdict.delayMs);
      attempt = verdict.next;
    }

    // Then the delay doubles from the base and stays at the cap, outages counted, deliveries not
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
    expect(attempt).toEqual({ deliveries: 1, outages: 7 });
    expect(breaker.state).toBe('closed');
  });

  it('jitters the outage delay down to half the step', () => {
    const verdict = afterFailure(
      connectionRefused(),
      'fills',
      { deliveries: 1, outages: 2 },
      breakerWith(1),
      config,
      fullJitter,
    );
    // Third outage: ceiling 400, jittered to its lower half.
    expect(verdict).toMatchObject({ why: 'redis-unavailable', delayMs: 200 });
  });
});
