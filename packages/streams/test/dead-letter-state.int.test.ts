// An entry dead-lettered after an earlier handler already did its work on it: the state
// then holds that work, so it must be saved in the same atomic step as the move, never with
// a checkpoint before the entry (a crash in between would have that handler see the entry
// again). Here the move is held while Redis is watched: the saved state never runs ahead of
// the checkpoint, and after the move entries, state and remembered ids are all saved.
import { partitionKeys } from '@tickflow/events';
import { startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { createInFlightLimit } from '../src/in-flight.ts';
import { connect } from '../src/index.ts';
import { resolveConsumerOptions } from '../src/options.ts';
import { type ScriptedRedis, withScripts } from '../src/scripts.ts';
import { createSettlement } from '../src/settlement.ts';
import { checkpointOf, pendingCount } from './support/stream-inspect.ts';

const HOLDER = 'c|1';

/** The scripted connection with its dead-letter calls held until `release`. */
function heldDeadLetter(commands: ScriptedRedis) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let called = 0;
  const proxy = new Proxy(commands, {
    get(target, property, receiver) {
      if (property !== 'tfDeadLetter') return Reflect.get(target, property, receiver);
      return async (...args: Parameters<ScriptedRedis['tfDeadLetter']>) => {
        called++;
        await gate;
        return target.tfDeadLetter(...args);
      };
    },
  });
  return { commands: proxy, release, called: () => called };
}

describe('a dead-letter move after earlier handlers changed the state', () => {
  it('saves the state, the earlier acks and remembered ids with the move, never before it', async () => {
    const server = await startEphemeralRedis();
    const redis = await connect({ url: server.url }, 'commands');
    const keys = partitionKeys('dl', 'market_data', 0);
    try {
      const ids: string[] = [];
      for (let n = 0; n < 6; n++) ids.push((await redis.xadd(keys.stream, '*', 'n', String(n))) as string);
      await redis.xgroup('CREATE', keys.stream, 'g', '0');
      await redis.xreadgroup('GROUP', 'g', 'c', 'COUNT', 6, 'STREAMS', keys.stream, '>');
      await redis.set(keys.lease('g'), HOLDER);
      const inFlight = createInFlightLimit(100);
      expect(await inFlight.take(6)).toBe(6);
      const held = heldDeadLetter(withScripts(redis));
      const settlement = createSettlement({
        keys,
        holder: HOLDER,
        commands: held.commands,
        config: resolveConsumerOptions({ namespace: 'dl', partitions: 1, group: 'g' }, 'c'),
        inFlight,
        labels: { stream: keys.stream, group: 'g' },
        signal: new AbortController().signal,
        onFenced: () => expect.fail('fenced'),
      });

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
      await waitFor(() => held.called() === 1, { timeoutMs: 5_000, description: 'the move sent' });

      // While the move is held: nothing saved runs ahead of its checkpoint.
      const during = await checkpointOf(redis, keys.checkpoint('g'));
      expect(during.state === undefined || during.last === ids[5]).toBe(true);

      held.release();
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
