// Consumer options are checked when the consumer is made: a value that could not work is
// refused with what and why, before any connection or read.
import { describe, expect, it } from 'vitest';
import { BadOptionsError } from '../src/errors.ts';
import { MAX_BATCH_SIZE, resolveConsumerOptions } from '../src/options.ts';

const base = { namespace: 'ns', partitions: 8, group: 'g' };
const resolve = (extra: object) => resolveConsumerOptions({ ...base, ...extra }, 'c');

describe('consumer options', () => {
  it('given a batchSize up to the limit, then it is kept', () => {
    expect(resolve({ batchSize: MAX_BATCH_SIZE }).batchSize).toBe(MAX_BATCH_SIZE);
  });

  it('given a batchSize past what one ack script can take, then it is refused, saying why', () => {
    expect(() => resolve({ batchSize: MAX_BATCH_SIZE + 1 })).toThrow(BadOptionsError);
    expect(() => resolve({ batchSize: 10_000 })).toThrow(
      /batchSize must be at most 5000, got 10000: a batch's ids are acked through Lua's unpack/,
    );
  });

  it('given a batchSize that is not a positive integer, then it is refused', () => {
    expect(() => resolve({ batchSize: 0 })).toThrow('batchSize must be a positive integer, got 0');
  });
});
