// Writes to Redis are retried through short outages (a failover, a restart) with capped,
// jittered backoff; past the last attempt the error ends the ingest, the service exits
// non-zero, and a restart resumes from the checkpoint. Retrying a publish is safe (event
// ids are deterministic and deduped); a dead letter may be appended twice, which is harmless.
import { setTimeout as delay } from 'node:timers/promises';
import { retryDelayMs } from '@tickflow/streams';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Told before each wait. */
  readonly onRetry?: (what: string, attempt: number, error: unknown, delayMs: number) => void;
}

/** About 30 s of trying: longer than a Redis failover, short enough to surface a real outage. */
export const DEFAULT_RETRY: RetryOptions = { attempts: 9, baseDelayMs: 100, maxDelayMs: 5_000 };

/** Runs `action` until it resolves or `attempts` have failed (then rejects with the last error). */
export async function withRetries<T>(
  what: string,
  action: () => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= options.attempts) throw error;
      const delayMs = retryDelayMs(attempt, options.baseDelayMs, options.maxDelayMs);
      options.onRetry?.(what, attempt, error, delayMs);
      await delay(delayMs);
    }
  }
}
