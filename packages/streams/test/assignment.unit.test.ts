import { partitionKeys } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { assignPartitions } from '../src/assignment.ts';

const partitionsOf = (count: number) =>
  Array.from({ length: count }, (_, p) => partitionKeys('live', 'market_data', p).stream);

describe('assignPartitions', () => {
  it.each([
    [8, 3],
    [8, 8],
    [64, 5],
    [3, 5],
  ])(
    'gives each member of %i partitions over %i members at most its fair share, and assigns all',
    (count, memberCount) => {
      const members = Array.from({ length: memberCount }, (_, m) => `member-${m}`);
      const assignment = assignPartitions(partitionsOf(count), members);
      expect(assignment.size).toBe(count);
      const loads = [...Map.groupBy(assignment.values(), (member) => member).values()].map(
        (list) => list.length,
      );
      expect(Math.max(...loads)).toBeLessThanOrEqual(Math.ceil(count / memberCount));
      if (count >= memberCount) expect(loads).toHaveLength(memberCount);
    },
  );

  it('is the same whatever order the member and partition lists come in', () => {
    const partitions = partitionsOf(16);
    expect(assignPartitions(partitions, ['x', 'y', 'z'])).toEqual(
      assignPartitions([...partitions].reverse(), ['z', 'x', 'y']),
    );
  });

  it('moves few partitions when a member joins', () => {
    const partitions = partitionsOf(64);
    const before = assignPartitions(partitions, ['a', 'b', 'c']);
    const after = assignPartitions(partitions, ['a', 'b', 'c', 'd']);
    const moved = partitions.filter((p) => after.get(p) !== before.get(p));
    // d takes its 16; a perfect scheme moves exactly those. Allow a little slack for the cap.
    expect(moved.length).toBeGreaterThanOrEqual(16);
    expect(moved.length).toBeLessThanOrEqual(24);
  });

  it('assigns nothing without members', () => {
    expect(assignPartitions(partitionsOf(4), []).size).toBe(0);
  });
});
