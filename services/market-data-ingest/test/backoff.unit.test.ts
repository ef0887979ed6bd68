// Reconnect delays grow exponentially to a cap, with jitter within [ceiling/2, ceiling].
import { describe, expect, it } from 'vitest';
import { SourceConfigError } from '../src/index.ts';
import { checkReconnect, reconnectDelayMs } from '../src/websocket/backoff.ts';

const RECONNECT = { baseDelayMs: 100, maxDelayMs: 1_000 };

describe('reconnectDelayMs', () => {
  it('given the largest jitter, then delays double from the base up to the cap', () => {
    const delays = [0, 1, 2, 3, 4, 5, 60, 2_000].map((retry) => reconnectDelayMs(retry, RECONNECT, () => 1));
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000, 1_000]);
  });

  it('given the smallest jitter, then a delay is half its ceiling, never zero', () => {
    expect(reconnectDelayMs(0, RECONNECT, () => 0)).toBe(50);
    expect(reconnectDelayMs(9, RECONNECT, () => 0)).toBe(500);
  });

  it('given random jitter, then every delay stays within [ceiling/2, ceiling]', () => {
    for (let retry = 0; retry < 12; retry++) {
      const ceiling = Math.min(1_000, 100 * 2 ** retry);
      const delay = reconnectDelayMs(retry, RECONNECT, Math.random);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it('given a cap below the base, then checkReconnect throws a SourceConfigError', () => {
    expect(() => checkReconnect({ baseDelayMs: 100, maxDelayMs: 10 })).toThrow(SourceConfigError);
    expect(() => checkReconnect(RECONNECT)).not.toThrow();
  });
});
