// A dead-letter move carries what the entries before it did: their acks, the state after
// them and the ids they remembered go in the same atomic step as the move, never with a
// checkpoint before the entry. (That the dead-lettered entry's own failed attempts leave no
// trace in that state is batch.ts' part: see rerun-state.int.test.ts.) Here the move is held
// while Redis is watched: the saved state never runs ahead of the checkpoint, and after the
// move the entries, the state, the remembered ids and the dead-letter entry are all there.
import { startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { connect, parseDeadLetter } from '../src/index.ts';
import { heldSettlement } from './support/held-settlement.ts';
import { checkpointOf, pendingCount } from './support/stream-inspect.ts';

describe('a dead-letter move after earlier handlers changed the state', () => {
  it('saves the state, the earlier acks and remembered ids with the move, never before it', async () => {
    const server = await startEphemeralRedis();
    const redis = await connect({ url: server.url }, 'commands');
    try {
      const { keys, ids, settlement, memory, inFlight, calls, release } = await heldSettlement(
        redis,
        'dl',
        6,
        'tfDeadLetter',
      );

      // Entries 0-4 handled (the state counts them, entry 4 remembered an id); entry 5 failed
      // for good, so it is dead-lettered with them.
      for (const id of ids.slice(0, 5)) memory.processed(id);
      memory.state.set(5);
      memory.remember('x4');
      const moving = settlement.deadLetter(
        { id: ids[5] as string, fields: ['n', '5'], deliveries: 3 },
        { kind: 'failed', reason: 'boom', deliveries: 3, eventId: 'e5', handler: 'h' },
      );
      await waitFor(() => calls.length === 1, { timeoutMs: 5_000, description: 'the move sent' });

      // While the move is held: nothing saved runs ahead of its checkpoint.
      const during = await checkpointOf(redis, keys.checkpoint('g'));
      expect(during.state === undefined || during.last === ids[5]).toBe(true);

      release();
      expect(await moving).toBe('applied');
      expect(await checkpointOf(redis, keys.checkpoint('g'))).toEqual({ last: ids[5], state: 5 });
      expect(await pendingCount(redis, keys.stream, 'g')).toBe(0);
      expect(await redis.smembers(keys.remembered('g'))).toEqual(['x4']);
      const dead = (await redis.xrange(keys.deadLetter, '-', '+')) as [string, string[]][];
      expect(dead.map(([id, fields]) => parseDeadLetter(id, fields))).toEqual([
        expect.objectContaining({
          kind: 'failed',
          reason: 'boom',
          stream: keys.stream,
          entry: ids[5],
          eventId: 'e5',
          group: 'g',
          handler: 'h',
          deliveries: 3,
          fields: ['n', '5'],
        }),
      ]);
      expect(inFlight.inUse).toBe(0); // every entry's permit given back, the moved one's too
      expect(memory.uncaptured).toBe(0);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});
