// Re-ingesting a source gives the same event ids; different lines or sources never collide.
import { isEventId } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { recordEventId } from '../src/index.ts';

describe('recordEventId', () => {
  it('given the same source and line twice, then the id is the same UUID', () => {
    const id = recordEventId('tardis/quotes-2020-02-22.csv', 2);
    expect(recordEventId('tardis/quotes-2020-02-22.csv', 2)).toBe(id);
    expect(isEventId(id)).toBe(true);
  });

  it('given another line or another source, then the id differs', () => {
    const ids = new Set([recordEventId('a.csv', 1), recordEventId('a.csv', 2), recordEventId('b.csv', 1)]);
    expect(ids.size).toBe(3);
  });

  it('given a pinned input, then the id is pinned (changing the scope would change every id)', () => {
    expect(recordEventId('a.csv', 1)).toBe('ce42f6bc-8461-5243-9a69-bfad221dfe9e');
  });
});
