// The cluster scenario's pure parts: the raw side's grouping of XADDs per slot, and the
// per-server arithmetic of memory and Redis CPU per stored entry.
import { keySlot } from '@tickflow/streams';
import { expect, it } from 'vitest';
import { infoNumber, perEntry } from '../src/cluster-servers.ts';
import { groupBySlot } from '../src/raw-xadd.ts';

it('groupBySlot puts keys of one hash tag together, each group in call order', () => {
  const entries = [
    { stream: '{user1000}.following', n: 1 },
    { stream: 'other', n: 2 },
    { stream: '{user1000}.followers', n: 3 },
    { stream: 'other', n: 4 },
  ];
  const groups = groupBySlot(entries);
  // The cluster specification's example: both keys hash only `user1000`.
  expect(groups.get(keySlot('user1000'))?.map((entry) => entry.n)).toEqual([1, 3]);
  expect(groups.get(keySlot('other'))?.map((entry) => entry.n)).toEqual([2, 4]);
  expect(groups.size).toBe(2);
});

it('infoNumber reads one field of an INFO reply, not a longer field that starts with its name', () => {
  const info =
    '# Memory\r\nused_memory_human:1.2M\r\nused_memory:1234567\r\nused_cpu_sys_children:9\r\nused_cpu_sys:0.5\r\n';
  expect(infoNumber(info, 'used_memory')).toBe(1_234_567);
  expect(infoNumber(info, 'used_cpu_sys')).toBe(0.5);
  expect(() => infoNumber(info, 'used_cpu_user')).toThrow(/no used_cpu_user/);
});

it('perEntry divides each server’s memory and CPU growth by its own entries, and the sums by all', () => {
  const before = [
    { usedMemory: 1_000, cpuSeconds: 1 },
    { usedMemory: 2_000, cpuSeconds: 2 },
  ];
  const after = [
    { usedMemory: 41_000, cpuSeconds: 1.5 },
    { usedMemory: 12_000, cpuSeconds: 2.1 },
  ];
  const figures = perEntry(before, after, [100, 50]);
  expect(figures.bytesPerEntry).toEqual([400, 200]);
  expect(figures.cpuUsPerEntry[0]).toBeCloseTo(5_000);
  expect(figures.cpuUsPerEntry[1]).toBeCloseTo(2_000);
  expect(figures.totalBytesPerEntry).toBeCloseTo(50_000 / 150);
  expect(figures.totalCpuUsPerEntry).toBeCloseTo(600_000 / 150);
  // A server that holds none of the entries: no division by zero.
  expect(perEntry(before, after, [150, 0]).bytesPerEntry[1]).toBe(10_000);
});
