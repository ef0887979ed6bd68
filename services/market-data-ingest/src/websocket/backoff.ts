// Reconnect delays: exponential, capped, with "equal jitter" (half fixed, half random), so
// many clients dropped at once do not reconnect in lockstep, yet none retries at once.
import { retryDelayMs } from '@tickflow/streams';
import { SourceConfigError } from '../errors.ts';

/** How a dropped feed reconnects. */
export interface ReconnectOptions {
  /** Delay ceiling of the first retry, in ms. */
  readonly baseDelayMs: number;
  /** Largest delay ceiling, in ms. */
  readonly maxDelayMs: number;
}

/** Throws SourceConfigError unless 0 ≤ baseDelayMs ≤ maxDelayMs, both finite. */
export function checkReconnect({ baseDelayMs, maxDelayMs }: ReconnectOptions): void {
  if (!(baseDelayMs >= 0 && maxDelayMs >= baseDelayMs && Number.isFinite(maxDelayMs))) {
    throw new SourceConfigError(
      `reconnect needs 0 <= baseDelayMs <= maxDelayMs, got baseDelayMs=${baseDelayMs}, maxDelayMs=${maxDelayMs}`,
    );
  }
}

/**
 * The delay before retry number `retry` (0 for the first after a drop), in ms: a ceiling
 * of min(maxDelayMs, baseDelayMs·2^retry), and a delay uniform in [ceiling/2, ceiling].
 */
export function reconnectDelayMs(retry: number, options: ReconnectOptions, random: () => number): number {
  // The runtime's backoff (1-based attempts; never under 1 ms, so a zero base still yields).
  return retryDelayMs(retry + 1, options.baseDelayMs, options.maxDelayMs, random);
}
