// A collector that is down must not crash a service, stall it, or flood its logs: failures
// are logged at warn at most once per interval, with how many were not logged in between.
// No OpenTelemetry import here: this module loads even when tracing is off.
import type { Logger } from '../logger.ts';

export type FailureReporter = (error: unknown) => void;

/** Logs the first failure at warn, then at most one per `intervalMs` (default 60 s), counting the others. */
export function rateLimitedWarning(
  logger: Logger,
  message: string,
  intervalMs = 60_000,
  now: () => number = Date.now,
): FailureReporter {
  let lastLoggedAt = Number.NEGATIVE_INFINITY;
  let unlogged = 0;
  let lastError: unknown;
  return (error) => {
    // A failed export is reported by the exporter, then again by the flush it rejects.
    if (error === lastError && typeof error === 'object') return;
    lastError = error;
    const at = now();
    if (at - lastLoggedAt < intervalMs) {
      unlogged++;
      return;
    }
    logger.warn({ err: describe(error), failuresNotLogged: unlogged }, message);
    lastLoggedAt = at;
    unlogged = 0;
  };
}

// The exporter's errors carry the collector's whole response body; the message says enough.
function describe(error: unknown): { type: string; message: string } {
  return error instanceof Error
    ? { type: error.name, message: error.message }
    : { type: typeof error, message: String(error) };
}
