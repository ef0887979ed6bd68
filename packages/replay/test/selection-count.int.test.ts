// countInRange: XLEN when the bounds hold all of a stream, else a count inside Redis that
// goes on past one chunk (5,000 entries per script call).
import { partitionKeys } from '@tickflow/events';
import { beforeAll, describe, expect, it } from 'vitest';
import { countInRange } from '../src/selection/count-in-range.ts';
import { parseSelection } from '../src/selection/selection.ts';
import { redisForThisFile } from './support/file-redis.ts';

const file = redisForThisFile();
const scope = { namespace: 'qcount', partitions: 2 };

beforeAll(async () => {
  // Entries at known ids (ms 1000 to 12999 in partition 0, every other ms in partition 1):
  // counting never decodes, so any fields do.
  for (const [partition, step] of [
    [0, 1],
    [1, 2],
  ] as const) {
    const stream = partitionKeys('qcount', 'signal', partition).stream;
    const pipeline = file.redis.pipeline();
    for (let ms = 1000; ms < 13_000; ms += step) pipeline.xadd(stream, `${ms}-0`, 'n', `${ms}`);
    pipeline.xadd(stream, '13000-5', 'n', 'last');
    await pipeline.exec();
  }
});

const count = (input: Parameters<typeof parseSelection>[0]) =>
  countInRange(file.redis, scope, parseSelection({ types: 'signal', ...input }, scope));

describe('countInRange', () => {
  it('given bounds around everything, then the lengths', async () => {
    expect(await count({})).toBe(12_001 + 6_001);
    expect(await count({ fromId: '0-1', toId: '99999' })).toBe(12_001 + 6_001);
  });

  it('given bounds inside a stream, then the exact count, across chunks', async () => {
    expect(await count({ partitions: '0', fromId: '1500', toId: '12999' })).toBe(11_500);
    expect(await count({ partitions: '1', fromId: '1501', toId: '13000-4' })).toBe(5_749);
    expect(await count({ fromId: '13000-5' })).toBe(2);
    expect(await count({ toId: '999' })).toBe(0);
    expect(await count({ from: '3', to: '1970-01-01T00:00:00.003Z' })).toBe(0);
    expect(await count({ from: '1970-01-01T00:00:02Z', to: '2000' })).toBe(2);
  });

  it('given streams that do not exist, then zero', async () => {
    expect(await count({ types: 'order' })).toBe(0);
  });
});
