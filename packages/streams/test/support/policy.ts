// What the delivery-policy tests share: a config, a fake clock, breakers and an outage error.
import { createCircuitBreaker } from '../../src/circuit-breaker.ts';
import type { Attempt, PolicyConfig } from '../../src/delivery-policy.ts';
import { RedisUnavailableError } from '../../src/errors.ts';

export const config: PolicyConfig = { maxDeliveries: 4, retryBaseDelayMs: 100, retryMaxDelayMs: 1_000 };
export const firstAttempt: Attempt = { deliveries: 1, outages: 0 };
/** Pins the jitter to the top of its range: the delay is the ceiling itself. */
export const noJitter = () => 1;
/** Pins the jitter to the bottom of its range: half the ceiling. */
export const fullJitter = () => 0;

export function clock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

export function breakerWith(failureThreshold: number, time = clock()) {
  return createCircuitBreaker({ failureThreshold, coolDownMs: 500, now: time.now });
}

// What context.publish / isRemembered throw when Redis is away: the runtime's own error.
export const connectionRefused = () =>
  new RedisUnavailableError('publish: Redis unavailable (connect ECONNREFUSED 127.0.0.1:1)');
