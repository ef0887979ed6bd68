import { describe, expect, it } from 'vitest';
import { createInFlightLimit } from '../src/in-flight.ts';

describe('in-flight limit', () => {
  it('hands out at most the free permits and waits when none are free', async () => {
    const seen: number[] = [];
    const limit = createInFlightLimit(10, (n) => seen.push(n));
    expect(await limit.take(7)).toBe(7);
    expect(await limit.take(7)).toBe(3);
    let resolved = false;
    const waiting = limit.take(5).then((n) => {
      resolved = true;
      return n;
    });
    await Promise.resolve();
    expect(resolved).toBe(false);
    limit.give(4);
    expect(await waiting).toBe(4);
    expect(limit.inUse).toBe(10);
    expect(Math.max(...seen)).toBe(10);
  });

  it('returns 0 when aborted while waiting', async () => {
    const limit = createInFlightLimit(1);
    await limit.take(1);
    const abort = new AbortController();
    const waiting = limit.take(1, abort.signal);
    abort.abort();
    expect(await waiting).toBe(0);
    expect(limit.inUse).toBe(1);
  });
});
