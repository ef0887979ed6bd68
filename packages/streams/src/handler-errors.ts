// Errors a handler throws to say how its failure should be treated. Anything else a handler
// throws is an ordinary failure: retried with backoff up to maxDeliveries, counted by the
// handler's circuit breaker, then dead-lettered with kind `failed`.

/**
 * This entry can never succeed, however often it is retried (a malformed order, a symbol
 * the strategy does not know): it is dead-lettered at once with kind `permanent`, without
 * burning deliveries and without counting towards the circuit breaker.
 */
export class PermanentError extends Error {
  readonly code = 'PERMANENT';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

/**
 * Worth retrying, but not before `delayMs` (a rate limit's Retry-After, a venue that is
 * closed for a minute). Counts as a delivery and as a circuit-breaker failure like any
 * other failure; only the wait before the retry is the handler's.
 */
export class RetryLaterError extends Error {
  readonly code = 'RETRY_LATER';
  readonly delayMs: number;

  constructor(message: string, options: { delayMs: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    if (!Number.isFinite(options.delayMs) || options.delayMs < 0) {
      throw new RangeError(`RetryLaterError delayMs must be a finite number ≥ 0, got ${options.delayMs}`);
    }
    this.name = 'RetryLaterError';
    this.delayMs = options.delayMs;
  }
}
