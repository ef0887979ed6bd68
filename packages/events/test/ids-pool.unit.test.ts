// newEventId draws its random bits from a pool refilled once per 256 ids: ids must stay
// unique and time-ordered across refills, and keep the UUIDv7 layout.
import { describe, expect, it } from 'vitest';
import { isEventId, newEventId } from '../src/index.ts';

describe('newEventId from pooled randomness', () => {
  it('given many ids in a tight loop (across pool refills), then each sorts after the one before', () => {
    const ids = Array.from({ length: 5_000 }, () => newEventId());
    for (let i = 1; i < ids.length; i++) expect((ids[i] as string) > (ids[i - 1] as string)).toBe(true);
    expect(ids.every(isEventId)).toBe(true);
  });

  it('given ids with a pinned time, then their random parts differ across pool refills', () => {
    const ids = Array.from({ length: 1_000 }, () => newEventId(1_672_531_200_000));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(19))).size).toBe(ids.length);
    expect(ids.every((id) => id.startsWith('01856aa0-c800-7'))).toBe(true);
  });

  it('given ids of the current time, then their first 48 bits are within the call', () => {
    const before = Date.now();
    const id = newEventId();
    const after = Date.now();
    const ms = Number.parseInt(id.replace('-', '').slice(0, 12), 16);
    // The counter may carry into a following millisecond, never more than a few.
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after + 1);
  });
});
