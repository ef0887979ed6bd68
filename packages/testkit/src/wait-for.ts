import { inspect } from 'node:util';
import { WaitTimeoutError } from './errors.ts';

/** The values `if (value)` treats as true. */
export type Truthy<T> = Exclude<T, false | 0 | 0n | '' | null | undefined>;

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** How long to keep trying, in milliseconds. Default 10 000. */
  readonly timeoutMs?: number;
  /** Pause between two attempts, in milliseconds. Default 50. */
  readonly intervalMs?: number;
  /** What is being waited for; it is part of the timeout error's message. Default `'condition'`. */
  readonly description?: string;
  /** Stops waiting early: `waitFor` then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_INTERVAL_MS = 50;
const PENDING = Symbol('pending');

type LastOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'pending' };

/**
 * Polls `predicate` until it returns (or resolves to) a truthy value, and returns that value.
 * A predicate that throws or rejects counts as "not yet". Each attempt is bounded by the
 * remaining time, so a hanging attempt cannot push the wait past its deadline.
 *
 * This is the only way tests should wait: never sleep for a fixed time.
 *
 * @param predicate - sync or async check, called at least once.
 * @param options - `timeoutMs` (default 10 000 ms), `intervalMs` between attempts (default 50 ms),
 *   `description` for the error message, `signal` to abort.
 * @returns the first truthy value.
 * @throws {WaitTimeoutError} at the deadline, carrying the description, the last value and,
 *   as `cause`, the last error thrown by the predicate.
 */
export async function waitFor<T>(
  predicate: () => T | PromiseLike<T>,
  options: WaitForOptions = {},
): Promise<Truthy<Awaited<T>>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const description = options.description ?? 'condition';
  const { signal } = options;
  const deadline = performance.now() + timeoutMs;
  let last: LastOutcome = { kind: 'none' };
  let attempts = 0;

  for (;;) {
    signal?.throwIfAborted();
    attempts += 1;
    const remaining = Math.max(0, deadline - performance.now());
    try {
      const value = await settleWithin(predicate, remaining, signal);
      if (value === PENDING) {
        last = { kind: 'pending' };
        break;
      }
      if (value) {
        return value as Truthy<Awaited<T>>;
      }
      last = { kind: 'value', value };
    } catch (error) {
      if (signal?.aborted) {
        throw signal.reason;
      }
      last = { kind: 'error', error };
    }
    const pause = Math.min(intervalMs, deadline - performance.now());
    if (pause <= 0) {
      break;
    }
    await sleep(pause, signal);
  }

  throw new WaitTimeoutError(
    `Timed out after ${timeoutMs} ms waiting for ${description} (${attempts} attempts; ${describeOutcome(last)})`,
    { description, timeoutMs, attempts, lastValue: last.kind === 'value' ? last.value : undefined },
    last.kind === 'error' ? { cause: last.error } : undefined,
  );
}

function describeOutcome(last: LastOutcome): string {
  switch (last.kind) {
    case 'none':
      return 'never attempted';
    case 'value':
      return `last value: ${truncate(inspect(last.value, { depth: 2, breakLength: Number.POSITIVE_INFINITY }))}`;
    case 'error':
      return `last error: ${truncate(last.error instanceof Error ? last.error.message : inspect(last.error))}`;
    case 'pending':
      return 'the last attempt was still pending at the deadline';
  }
}

function truncate(text: string, max = 500): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** Runs one attempt; resolves to PENDING if it has not settled within `ms`. */
function settleWithin<T>(
  predicate: () => T | PromiseLike<T>,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<Awaited<T> | typeof PENDING> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(() => resolve(PENDING)), ms);
    const onAbort = (): void => finish(() => reject(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    function finish(settle: () => void): void {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    }
    // Promise.resolve().then(...) turns a synchronous throw into a rejection.
    Promise.resolve()
      .then(predicate)
      .then(
        (value) => finish(() => resolve(value as Awaited<T>)),
        (error: unknown) => finish(() => reject(error)),
      );
  });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    function done(): void {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
  });
}
