// A call of a fenced script (ack, dead-letter move), retried while Redis is unreachable. Its
// outcome is a value: applied, fenced (the lease is someone else's now: the caller must stop
// working on the partition), or aborted (the worker was told to stop while Redis was away).
// Any other error is thrown: it is a bug, not a condition.
import { pause, retryDelayMs } from './backoff.ts';
import { isConnectionFailure, isFencedReply } from './redis-errors.ts';

export type Settled = 'applied' | 'fenced' | 'aborted';

export interface RetrySchedule {
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
}

/** Told of what a fenced call met on the way (for metrics). */
export interface FencedCallObserver {
  /** Redis refused the call: the lease is someone else's. */
  fenced(): void;
  /** An attempt failed otherwise (retried when Redis was unreachable, else thrown next). */
  failed(error: unknown): void;
}

export async function fencedCall(
  call: () => Promise<unknown>,
  signal: AbortSignal,
  schedule: RetrySchedule,
  observer?: FencedCallObserver,
): Promise<Settled> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      await call();
      return 'applied';
    } catch (error) {
      if (isFencedReply(error)) {
        observer?.fenced();
        return 'fenced';
      }
      observer?.failed(error);
      if (!isConnectionFailure(error)) throw error;
      // Keep trying: the lease's expiry (the consumer's timer) decides if the partition is lost.
      await pause(retryDelayMs(attempt, schedule.retryBaseDelayMs, schedule.retryMaxDelayMs), signal);
    }
  }
  return 'aborted';
}
