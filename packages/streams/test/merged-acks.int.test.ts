// When an ack is slow, the batches handled meanwhile do not queue an ack each: what they
// captured goes out as one ack after it — every id, the latest state, every id to remember —
// and Redis ends exactly as if each had been acked in turn; and a capture keeps the state of
// its moment, however late it is sent. (Acks made slow on purpose: the first ack script call
// waits until the test lets it through.)
import { startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { connect } from '../src/index.ts';
import { heldSettlement } from './support/held-settlement.ts';
import { checkpointOf, pendingCount } from './support/stream-inspect.ts';

/** Entry ids in a tfAck call: after 7 fixed arguments, the count of ids to remember and those ids. */
const ackedIds = (args: unknown[]) => args.length - 8 - Number(args[7]);

describe('acks captured while one is in flight', () => {
  it('go out as one ack, leaving Redis as if each batch had been acked in turn', async () => {
    const server = await startEphemeralRedis();
    const redis = await connect({ url: server.url }, 'commands');
    try {
      const { keys, ids, settlement, memory, inFlight, calls, release } = await heldSettlement(
        redis,
        'ma',
        30,
        'tfAck',
        ackedIds,
      );
      const batch = (from: number, to: number, state?: number, remember?: string) => {
        for (const id of ids.slice(from, to)) memory.processed(id);
        if (state !== undefined) memory.state.set(state);
        if (remember !== undefined) memory.remember(remember);
        settlement.startAck();
      };

      batch(0, 10, 1, 'a'); // sent, and held
      await waitFor(() => calls.length === 1, {
        timeoutMs: 5_000,
        description: 'the first ack sent',
      });
      batch(10, 20, 2, 'b'); // captured while the first is in flight
      batch(20, 25, undefined, 'c'); // state unchanged since the previous capture
      batch(25, 30); // nothing new but its ids
      release();
      expect(await settlement.settled()).toBe('applied');

      expect(calls).toEqual([10, 20]);
      expect(await pendingCount(redis, keys.stream, 'g')).toBe(0);
      expect(await checkpointOf(redis, keys.checkpoint('g'))).toEqual({ last: ids[29], state: 2 });
      expect((await redis.smembers(keys.remembered('g'))).sort()).toEqual(['a', 'b', 'c']);
      expect(inFlight.inUse).toBe(0);
      expect(memory.uncaptured).toBe(0);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });

  it('carry the state of the moment they were captured, not of when they are sent', async () => {
    const server = await startEphemeralRedis();
    const redis = await connect({ url: server.url }, 'commands');
    try {
      const { keys, ids, settlement, memory, calls, release } = await heldSettlement(
        redis,
        'mb',
        25,
        'tfAck',
        ackedIds,
      );
      memory.state.set(1);
      for (const id of ids.slice(0, 10)) memory.processed(id);
      settlement.startAck(); // sent, and held
      await waitFor(() => calls.length === 1, { timeoutMs: 5_000, description: 'the first ack sent' });
      memory.state.set(2);
      for (const id of ids.slice(10, 20)) memory.processed(id);
      settlement.startAck(); // captured: entries 10-19 with state 2
      // The next batch is being handled when the first ack returns: its work is in the state
      // already, but none of its entries is acked yet.
      memory.state.set(3);
      for (const id of ids.slice(20, 25)) memory.processed(id);
      release();
      await waitFor(() => calls.length === 2, { timeoutMs: 5_000, description: 'the second ack sent' });
      await waitFor(async () => (await checkpointOf(redis, keys.checkpoint('g'))).last === ids[19], {
        timeoutMs: 5_000,
        description: 'the second ack applied',
      });
      // Saved with the checkpoint at entry 19, the state must be the one after entry 19.
      expect(await checkpointOf(redis, keys.checkpoint('g'))).toEqual({ last: ids[19], state: 2 });
      expect(await pendingCount(redis, keys.stream, 'g')).toBe(5);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});
