import { describe, expect, it } from 'vitest';
import { createInFlightLimit } from '../src/in-flight.ts';
import { partitionPermits } from '../src/partition-permits.ts';

/** Lets pending promise callbacks run. */
async function flush() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

const signal = () => new AbortController().signal;

describe('partition permits', () => {
  it('a read takes permits from the shared limit and holds them', async () => {
    // Given a limit of 10 and a partition's permits
    const limit = createInFlightLimit(10);
    const permits = partitionPermits(limit);
    expect(permits.held).toBe(0);

    // When it takes permits for a read of 4
    const taken = await permits.forRead(4, signal());

    // Then it holds them, and the limit counts them in use
    expect(taken).toBe(4);
    expect(permits.held).toBe(4);
    expect(limit.inUse).toBe(4);
  });

  it('takes no more than the free permits', async () => {
    const limit = createInFlightLimit(10);
    const other = partitionPermits(limit);
    const permits = partitionPermits(limit);
    await other.forRead(7, signal());
    expect(await permits.forRead(5, signal())).toBe(3);
    expect(permits.held).toBe(3);
    expect(limit.inUse).toBe(10);
  });

  it('keep() gives back the permits of a read that returned fewer entries', async () => {
    // Given 8 permits taken for a read
    const limit = createInFlightLimit(10);
    const permits = partitionPermits(limit);
    const taken = await permits.forRead(8, signal());

    // When the read returned 3 entries
    permits.keep(taken, 3);

    // Then 3 are held, the other 5 back in the limit
    expect(permits.held).toBe(3);
    expect(limit.inUse).toBe(3);
  });

  it('keep() of a read that used every permit gives nothing back', async () => {
    const limit = createInFlightLimit(10);
    const permits = partitionPermits(limit);
    const taken = await permits.forRead(6, signal());
    permits.keep(taken, taken);
    expect(permits.held).toBe(6);
    expect(limit.inUse).toBe(6);
  });

  it('settled() gives back the permits of entries whose outcome was applied', async () => {
    const limit = createInFlightLimit(10);
    const permits = partitionPermits(limit);
    permits.keep(await permits.forRead(8, signal()), 5);
    permits.settled(2);
    expect(permits.held).toBe(3);
    expect(limit.inUse).toBe(3);
    permits.settled(0);
    expect(permits.held).toBe(3);
    expect(limit.inUse).toBe(3);
    permits.settled(3);
    expect(permits.held).toBe(0);
    expect(limit.inUse).toBe(0);
  });

  it('releaseAll() gives back exactly what this partition holds, not what others hold', async () => {
    // Given two partitions sharing a limit, both holding permits
    const limit = createInFlightLimit(20);
    const mine = partitionPermits(limit);
    const theirs = partitionPermits(limit);
    mine.keep(await mine.forRead(9, signal()), 7);
    mine.settled(2);
    await theirs.forRead(6, signal());
    expect(limit.inUse).toBe(11);

    // When this partition's worker ends
    mine.releaseAll();

    // Then its 5 are back, the other's 6 still in use
    expect(mine.held).toBe(0);
    expect(theirs.held).toBe(6);
    expect(limit.inUse).toBe(6);

    // And a second releaseAll gives back nothing more
    mine.releaseAll();
    expect(limit.inUse).toBe(6);
  });

  it('keeps held and the limit in step through a run of reads and settlements', async () => {
    const limit = createInFlightLimit(50);
    const permits = partitionPermits(limit);
    const steps: [wanted: number, used: number, settledAfter: number][] = [
      [10, 10, 4],
      [10, 0, 3],
      [20, 12, 15],
      [5, 5, 0],
      [30, 1, 2],
    ];
    let expected = 0;
    for (const [wanted, used, settledAfter] of steps) {
      const taken = await permits.forRead(wanted, signal());
      permits.keep(taken, Math.min(used, taken));
      expected += Math.min(used, taken);
      permits.settled(settledAfter);
      expected -= settledAfter;
      expect(permits.held).toBe(expected);
      expect(limit.inUse).toBe(expected);
    }
    permits.releaseAll();
    expect(limit.inUse).toBe(0);
  });

  it('a read waiting for a free permit wakes once permits are settled', async () => {
    // Given a limit used up by one partition's entries
    const limit = createInFlightLimit(4);
    const busy = partitionPermits(limit);
    const waiting = partitionPermits(limit);
    await busy.forRead(4, signal());

    // When another partition wants to read
    let taken: number | undefined;
    const read = waiting.forRead(3, signal()).then((n) => {
      taken = n;
    });
    await flush();

    // Then it waits
    expect(taken).toBeUndefined();
    expect(waiting.held).toBe(0);

    // Until the first one's entries are settled: it gets what was freed
    busy.settled(2);
    await read;
    expect(taken).toBe(2);
    expect(waiting.held).toBe(2);
    expect(limit.inUse).toBe(4);
  });

  it('a read waiting for a free permit wakes when another partition releases all', async () => {
    const limit = createInFlightLimit(3);
    const ending = partitionPermits(limit);
    const reading = partitionPermits(limit);
    await ending.forRead(3, signal());
    const read = reading.forRead(5, signal());
    await flush();
    ending.releaseAll();
    expect(await read).toBe(3);
    expect(reading.held).toBe(3);
    expect(limit.inUse).toBe(3);
  });

  it('an aborted read takes nothing', async () => {
    // Given a used-up limit and a read waiting on it
    const limit = createInFlightLimit(2);
    const busy = partitionPermits(limit);
    const permits = partitionPermits(limit);
    await busy.forRead(2, signal());
    const abort = new AbortController();
    const read = permits.forRead(1, abort.signal);

    // When the worker is stopped
    abort.abort();

    // Then the read returns 0 and holds nothing
    expect(await read).toBe(0);
    expect(permits.held).toBe(0);
    expect(limit.inUse).toBe(2);
  });

  it('a read with an already aborted signal takes nothing even when permits are free', async () => {
    const limit = createInFlightLimit(2);
    const permits = partitionPermits(limit);
    const abort = new AbortController();
    abort.abort();
    expect(await permits.forRead(1, abort.signal)).toBe(0);
    expect(permits.held).toBe(0);
    expect(limit.inUse).toBe(0);
  });
});
