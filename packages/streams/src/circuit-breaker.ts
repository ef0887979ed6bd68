// A handler's circuit breaker. After `failureThreshold` consecutive failures it opens: the
// partitions that need the handler wait (nothing is acked, nothing lost) until the
// cool-down has passed, then one trial call runs (half-open); success closes it, failure
// opens it again.
import { pause } from './backoff.ts';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreaker {
  readonly state: CircuitState;
  /** Resolves when a call may run: at once while closed, after the cool-down while open. */
  ready(signal?: AbortSignal): Promise<void>;
  success(): void;
  failure(): void;
}

export function createCircuitBreaker(options: {
  failureThreshold: number;
  coolDownMs: number;
  onChange?: (state: CircuitState) => void;
  now?: () => number;
}): CircuitBreaker {
  const now = options.now ?? Date.now;
  let state: CircuitState = 'closed';
  let failures = 0;
  let openedAt = 0;
  const change = (next: CircuitState) => {
    if (next !== state) {
      state = next;
      options.onChange?.(next);
    }
  };
  return {
    get state() {
      return state;
    },
    async ready(signal) {
      while (state === 'open' && !signal?.aborted) {
        const remaining = openedAt + options.coolDownMs - now();
        if (remaining <= 0) change('half-open');
        else await pause(remaining, signal);
      }
    },
    success() {
      failures = 0;
      change('closed');
    },
    failure() {
      failures++;
      if (state === 'half-open' || failures >= options.failureThreshold) {
        openedAt = now();
        change('open');
      }
    },
  };
}
