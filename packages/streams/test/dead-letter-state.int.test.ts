// An entry dead-lettered after an earlier handler already did its work on it: the state
// then holds that work, so it must be saved in the same atomic step as the move, never with
// a checkpoint before the entry (a crash in between would have that handler see the entry
// again). Here the move is held while Redis is watched: the saved state never runs ahead of
// the checkpoint, and after the move entries, state and remembered ids are all saved.
import { startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { connect } from '../src/index.ts';
import { heldSettlement } from './support/held-settlement.ts';
import { checkpointOf, pendingCount } from './support/stream-inspect.ts';

describe('a dead-letter move after earlier handlers changed the state', () => {
  it('saves the state, the earlier acks and remembered ids with the move, never before it', async () => {
    const server = await startEphemeralRedis();
    const redis = await connect({ url: server.url }, 'commands');
    try {
      const { keys, ids, settlement, inFlight, calls, release } = await heldSettlement(
        redis,
        'dl',
        6,
        'tfDeadLetter',
      );

      // Entries 0-4 handled (state counts handled entries); entry 5: the first handler did its
      // work (state 6, an id remembered), a later one failed for good, so 5 is dead-lettered.
      for (const id of ids.slice(0, 5)) settlement.processed(id);
      settlement.state.set(6);
      settlement.remember('x5');
      const moving = settlement.deadLetter(
        { id: ids[5] as string, fields: ['n', '5'], deliveries: 3 },
        'failed',
        'boom',
      );
      await waitFor(() => calls.length === 1, { timeoutMs: 5_000, description: 'the move sent' });

      // While the move is held: nothing saved runs ahead of its checkpoint.
      const during = await checkpointOf(redis, keys.checkpoint('g'));
      expect(during.state === undefined || during.last === ids[5]).toBe(true);

      release();
      expect(await moving).toBe(true);
      expect(await checkpointOf(redis, keys.checkpoint('g'))).toEqual({ last: ids[5], state: 6 });
      expect(await pendingCount(redis, keys.stream, 'g')).toBe(0);
      expect(await redis.smembers(keys.remembered('g'))).toEqual(['x5']);
      const dead = (await redis.xrange(keys.deadLetter, '-', '+')) as [string, string[]][];
      expect(dead.map(([, fields]) => fields[fields.indexOf('entry') + 1])).toEqual([ids[5]]);
      expect(inFlight.inUse).toBe(1); // the dead-lettered entry's own permit is the worker's to give
      expect(settlement.unacked).toBe(0);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});
