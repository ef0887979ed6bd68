// A handler's circuit breaker, shared by every partition the handler runs on. After
// `failureThreshold` consecutive failures it opens: the partitions that need the handler
// wait (nothing is acked, dead-lettered or lost) until the cool-down has passed, then one
// trial call runs (half-open) while the others keep waiting; success closes the circuit,
// failure opens it again.
import { pause } from './backoff.ts';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreaker {
  readonly state: CircuitState;
  /** Resolves when a call may run: at once while closed; after the cool-down, one caller at a time, while open. */
  ready(signal?: AbortSignal): Promise<void>;
  success(): void;
  failure(): void;
  /**
   * A call that ended saying nothing about the handler's health (Redis away, aborted, a
   * permanent failure of one entry): a half-open trial ends without a verdict, and the next
   * caller runs a trial of its own.
   */
  inconclusive(): void;
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
  let trialRunning = false;
  let settled: () => void = () => undefined;
  let trialSettled = Promise.resolve();
  const change = (next: CircuitState) => {
    if (next !== state) {
      state = next;
      options.onChange?.(next);
    }
  };
  const endTrial = () => {
    trialRunning = false;
    settled();
  };
  return {
    get state() {
      return state;
    },
    async ready(signal) {
      while (state !== 'closed' && !signal?.aborted) {
        if (state === 'open') {
          const remaining = openedAt + options.coolDownMs - now();
          if (remaining > 0) {
            await pause(remaining, signal);
            continue;
          }
          change('half-open');
        }
        if (!trialRunning) {
          trialRunning = true;
          trialSettled = new Promise((resolve) => {
            settled = resolve;
          });
          return;
        }
        await Promise.race([trialSettled, pause(options.coolDownMs, signal)]);
      }
    },
    success() {
      failures = 0;
      change('closed');
      endTrial();
    },
    inconclusive: endTrial,
    failure() {
      failures++;
      if (state === 'half-open' || failures >= options.failureThreshold) {
        openedAt = now();
        change('open');
      }
      endTrial();
    },
  };
}
