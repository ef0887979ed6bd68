// The names tracing gives things: a stream's destination (its key without the partition and
// the tag's suffix, one readable name for all partitions of a type), and error.type.
import { partitionKeys } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { RedisUnavailableError } from '../../src/index.ts';
import { destinationOf, errorTypeOf } from '../../src/tracing/attributes.ts';

describe('destinationOf', () => {
  it('given a partition stream, then the stream key without its partition, and the partition', () => {
    const stream = (namespace: string, type: 'market_data' | 'signal' | 'fill', partition: number) =>
      partitionKeys(namespace, type, partition).stream;
    expect(stream('live', 'market_data', 3)).toBe('tf:{live:md:3~1303}');
    expect(destinationOf(stream('live', 'market_data', 3))).toEqual({ name: 'tf:{live:md}', partition: '3' });
    expect(destinationOf(stream('live', 'signal', 0))).toEqual({ name: 'tf:{live:sig}', partition: '0' });
    expect(destinationOf(stream('replay-7', 'fill', 12))).toEqual({
      name: 'tf:{replay-7:fill}',
      partition: '12',
    });
  });

  it('given a stream that is not a partition stream, then the stream itself, no partition', () => {
    expect(destinationOf('tf:{live}:audit')).toEqual({ name: 'tf:{live}:audit', partition: undefined });
    // A partition stream as named before the tags had a suffix is not one now.
    expect(destinationOf('tf:{live:md:3}')).toEqual({ name: 'tf:{live:md:3}', partition: undefined });
  });
});

describe('errorTypeOf', () => {
  class VenueDown extends Error {}
  const system = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

  it('names the class of its own, else the code, else Error; _OTHER for what is not an Error', () => {
    expect(errorTypeOf(new VenueDown('x'))).toBe('VenueDown');
    expect(errorTypeOf(new RedisUnavailableError('publish', { cause: system }))).toBe(
      'RedisUnavailableError',
    );
    expect(errorTypeOf(new TypeError('x'))).toBe('TypeError');
    expect(errorTypeOf(system)).toBe('ECONNRESET');
    expect(errorTypeOf(new Error('x'))).toBe('Error');
    expect(errorTypeOf('a string')).toBe('_OTHER');
    expect(errorTypeOf(undefined)).toBe('_OTHER');
  });
});
