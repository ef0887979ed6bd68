import { describe, expect, it } from 'vitest';
import { WaitTimeoutError, waitFor } from '../src/index.ts';

describe('waitFor', () => {
  it('returns the first truthy value of a sync predicate', async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        calls += 1;
        return calls >= 3 ? { calls } : undefined;
      },
      { intervalMs: 1 },
    );
    expect(value).toEqual({ calls: 3 });
  });

  it('treats throws and rejections as "not yet"', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls += 1;
        if (calls < 3) {
          throw new Error(`not yet ${calls}`);
        }
        return 'ready';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('ready');
  });

  it('times out with the description, the last value and the attempt count', async () => {
    const error = await waitFor(() => 0, { timeoutMs: 50, intervalMs: 5, description: 'the answer' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const timeout = error as WaitTimeoutError;
    expect(timeout.code).toBe('WAIT_TIMEOUT');
    expect(timeout.message).toMatch(/after 50 ms waiting for the answer/);
    expect(timeout.message).toMatch(/last value: 0/);
    expect(timeout.description).toBe('the answer');
    expect(timeout.lastValue).toBe(0);
    expect(timeout.attempts).toBeGreaterThanOrEqual(1);
  });

  it('times out with the last error as cause', async () => {
    const last = new Error('connection refused');
    const error = await waitFor(
      () => {
        throw last;
      },
      { timeoutMs: 30, intervalMs: 5 },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).cause).toBe(last);
    expect((error as WaitTimeoutError).message).toMatch(/last error: connection refused/);
  });

  it('does not let a hanging attempt overrun the deadline', async () => {
    const started = performance.now();
    const error = await waitFor(() => new Promise<boolean>(() => undefined), { timeoutMs: 50 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).message).toMatch(/still pending/);
    // Generous bound for a loaded machine; a hang would be caught by the test timeout instead.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('stops early with the abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('gave up');
    const waiting = waitFor(() => false, { timeoutMs: 60_000, signal: controller.signal });
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });
});
