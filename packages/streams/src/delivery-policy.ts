// What happens after a handler fails on an entry: retry it (when, and whether the attempt
// counts as a delivery), wait for the handler's circuit, or dead-letter it (with which kind).
// No I/O: the partition worker carries the verdict out, so the whole policy is tested here,
// without Redis. Whatever the verdict, the worker first undoes the failed attempt's effect
// on the partition state (see batch.ts).
import { retryDelayMs } from './backoff.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { RedisUnavailableError } from './errors.ts';
import { PermanentError, RetryLaterError } from './handler-errors.ts';

/** Where an entry stands: deliveries so far (this one included) and consecutive outages. */
export interface Attempt {
  readonly deliveries: number;
  readonly outages: number;
}

export type Verdict =
  | {
      readonly action: 'retry';
      /** redis-unavailable and circuit-open attempts do not count as deliveries. */
      readonly why: 'redis-unavailable' | 'failed' | 'circuit-open';
      /** Wait before the retry; 0 when the circuit breaker does the waiting. */
      readonly delayMs: number;
      readonly next: Attempt;
    }
  | { readonly action: 'dead-letter'; readonly kind: 'failed' | 'permanent'; readonly reason: string };

export interface PolicyConfig {
  readonly maxDeliveries: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
}

/**
 * The verdict on `error`, thrown by handler `handler` on attempt `attempt`. Records the
 * failure on the handler's breaker when it is the handler's; Redis being away and a
 * permanent failure of one entry say nothing about the handler's health (inconclusive).
 */
export function afterFailure(
  error: unknown,
  handler: string,
  attempt: Attempt,
  breaker: Pick<CircuitBreaker, 'failure' | 'inconclusive' | 'state'>,
  config: PolicyConfig,
  random: () => number = Math.random,
): Verdict {
  const backoff = (n: number) => retryDelayMs(n, config.retryBaseDelayMs, config.retryMaxDelayMs, random);
  if (error instanceof PermanentError) {
    breaker.inconclusive();
    return { action: 'dead-letter', kind: 'permanent', reason: `handler ${handler}: ${describe(error)}` };
  }
  if (error instanceof RedisUnavailableError) {
    // Not the entry's fault: retried once Redis is back, however long that takes; losing
    // the lease meanwhile ends the worker. Only the runtime's own errors count (what
    // context.publish and context.isRemembered throw): a handler's message that merely
    // reads like a connection failure is the handler's failure.
    breaker.inconclusive();
    const outages = attempt.outages + 1;
    return {
      action: 'retry',
      why: 'redis-unavailable',
      delayMs: backoff(outages),
      next: { ...attempt, outages },
    };
  }
  breaker.failure();
  if (breaker.state === 'open') {
    // The handler fails across entries: a downstream outage, not this entry's fault.
    return { action: 'retry', why: 'circuit-open', delayMs: 0, next: attempt };
  }
  if (attempt.deliveries >= config.maxDeliveries) {
    const reason = `handler ${handler} failed ${attempt.deliveries} times; last error: ${describe(error)}`;
    return { action: 'dead-letter', kind: 'failed', reason };
  }
  const delayMs = error instanceof RetryLaterError ? error.delayMs : backoff(attempt.deliveries);
  return {
    action: 'retry',
    why: 'failed',
    delayMs,
    next: { deliveries: attempt.deliveries + 1, outages: 0 },
  };
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
