// When an ack is slow, the batches handled meanwhile do not queue an ack each: what they
// captured goes out as one ack after it — every id, the latest state, every id to remember —
// and Redis ends exactly as if each had been acked in turn. (Acks made slow on purpose: the
// first ack script call waits until the test lets it through.)
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

/** The scripted connection, with its ack calls recorded and the first one held until `release`. */
function slowFirstAck(commands: ScriptedRedis) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const ackedIds: number[] = [];
  const proxy = new Proxy(commands, {
    get(target, property, receiver) {
      if (property !== 'tfAck') return Reflect.get(target, property, receiver);
      return async (...args: Parameters<ScriptedRedis['tfAck']>) => {
        const remembered = Number(args[7]);
        ackedIds.push(args.length - 8 - remembered);
        if (ackedIds.length === 1) await gate;
        return target.tfAck(...args);
      };
    },
  });
  return { commands: proxy, release, ackedIds };
}

describe('acks captured while one is in flight', () => {
  it('go out as one ack, leaving Redis as if each batch had been acked in turn', async () => {
    const server = await startEphemeralRedis();
    const redis = await connect({ url: server.url }, 'commands');
    const keys = partitionKeys('ma', 'market_data', 0);
    try {
      const ids: string[] = [];
      for (let n = 0; n < 30; n++) ids.push((await redis.xadd(keys.stream, '*', 'n', String(n))) as string);
      await redis.xgroup('CREATE', keys.stream, 'g', '0');
      await redis.xreadgroup('GROUP', 'g', 'c', 'COUNT', 30, 'STREAMS', keys.stream, '>');
      await redis.set(keys.lease('g'), HOLDER);
      const inFlight = createInFlightLimit(100);
      expect(await inFlight.take(30)).toBe(30);
      const slow = slowFirstAck(withScripts(redis));
      const settlement = createSettlement({
        keys,
        holder: HOLDER,
        commands: slow.commands,
        config: resolveConsumerOptions({ namespace: 'ma', partitions: 1, group: 'g' }, 'c'),
        inFlight,
        labels: { stream: keys.stream, group: 'g' },
        signal: new AbortController().signal,
        onFenced: () => expect.fail('fenced'),
      });
      const batch = (from: number, to: number, state?: number, remember?: string) => {
        for (const id of ids.slice(from, to)) settlement.processed(id);
        if (state !== undefined) settlement.state.set(state);
        if (remember !== undefined) settlement.remember(remember);
        settlement.startAck();
      };

      batch(0, 10, 1, 'a'); // sent, and held
      await waitFor(() => slow.ackedIds.length === 1, {
        timeoutMs: 5_000,
        description: 'the first ack sent',
      });
      batch(10, 20, 2, 'b'); // captured while the first is in flight
      batch(20, 25, undefined, 'c'); // state unchanged since the previous capture
      batch(25, 30); // nothing new but its ids
      slow.release();
      await settlement.settled();

      expect(slow.ackedIds).toEqual([10, 20]);
      expect(await pendingCount(redis, keys.stream, 'g')).toBe(0);
      expect(await checkpointOf(redis, keys.checkpoint('g'))).toEqual({ last: ids[29], state: 2 });
      expect((await redis.smembers(keys.remembered('g'))).sort()).toEqual(['a', 'b', 'c']);
      expect(inFlight.inUse).toBe(0);
      expect(settlement.unacked).toBe(0);
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});
