// causalChain and findEvent against a real Redis: a tick → signal → order → two fills chain
// among other symbols' events (some in the chain's own partitions) gives the same tree asked
// from any of its events, with each hop's latency in event time and append time.
import { newEventId, partitionKeys } from '@tickflow/events';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendMsOf } from '../src/entry-ids.ts';
import { BadInputError, NotFoundError } from '../src/errors.ts';
import { causalChain } from '../src/query/causal-chain.ts';
import type { ChainNode } from '../src/query/chain-tree.ts';
import { findEvent } from '../src/query/find-event.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { type PublishedChain, publishChain } from './support/q-chain.ts';

const scope = { namespace: 'qchain', partitions: 4 };
const file = redisForThisFile();
let chain: PublishedChain;
let routed: PublishedChain;

const appendMs = (published: PublishedChain, id: string) =>
  appendMsOf(published.at.get(id)?.entryId ?? 'missing');
const shape = (nodes: readonly ChainNode[]) => nodes.map((node) => [node.depth, node.type, node.id]);

beforeAll(async () => {
  chain = await publishChain(file.redis, scope, 'BTCUSDT', { noisePerStep: 40 });
  routed = await publishChain(file.redis, scope, 'ETHUSDT', { fillsFromSignal: true });
});

describe('causalChain', () => {
  it('given a fill, then the whole chain from its tick, with the latency of every hop', async () => {
    const [fill0, fill1] = chain.fills.map((fill) => fill.id) as [string, string];
    const found = await causalChain(file.redis, scope, fill1);
    expect(found).toMatchObject({
      focusId: fill1,
      rootId: chain.tick.id,
      complete: true,
      missingCause: undefined,
    });
    expect(shape(found.nodes)).toEqual([
      [0, 'market_data', chain.tick.id],
      [1, 'signal', chain.signal.id],
      [2, 'order', chain.order.id],
      [3, 'fill', fill0],
      [3, 'fill', fill1],
    ]);
    const [tick, signal, order, first] = found.nodes as [ChainNode, ChainNode, ChainNode, ChainNode];
    expect(tick.hop).toBeUndefined();
    expect(tick.parentId).toBeUndefined();
    expect(signal.hop?.eventNs).toBe(2_000n);
    expect(order.hop?.eventNs).toBe(3_000n);
    expect(first.hop?.eventNs).toBe(5_000n);
    for (const node of found.nodes.slice(1)) {
      const parentId = node.event.cause as string;
      expect(node.parentId).toBe(parentId);
      expect(node.hop?.appendMs).toBe(appendMs(chain, node.id) - appendMs(chain, parentId));
      expect(node.entryId).toBe(chain.at.get(node.id)?.entryId);
      expect(node.stream).toBe(chain.at.get(node.id)?.stream);
      expect(node.appendMs).toBe(appendMs(chain, node.id));
      expect(node.tsEventNs).toBe(node.event.ts_event);
    }
  });

  it('given the tick, or the signal with hints, then the same tree', async () => {
    const fromFill = await causalChain(file.redis, scope, chain.fills[0]?.id as string);
    const fromTick = await causalChain(file.redis, scope, chain.tick.id);
    expect(fromTick.focusId).toBe(chain.tick.id);
    expect(shape(fromTick.nodes)).toEqual(shape(fromFill.nodes));
    expect(fromTick.nodes.map((node) => node.hop)).toEqual(fromFill.nodes.map((node) => node.hop));
    const fromSignal = await causalChain(file.redis, scope, chain.signal.id, {
      type: 'signal',
      symbol: 'BTCUSDT',
    });
    expect(shape(fromSignal.nodes)).toEqual(shape(fromFill.nodes));
  });

  it('given fills derived from the signal (as the order router does), then they hang under the signal', async () => {
    const found = await causalChain(file.redis, scope, routed.fills[1]?.id as string);
    expect(shape(found.nodes)).toEqual([
      [0, 'market_data', routed.tick.id],
      [1, 'signal', routed.signal.id],
      [2, 'order', routed.order.id],
      [2, 'fill', routed.fills[0]?.id],
      [2, 'fill', routed.fills[1]?.id],
    ]);
    expect(found.nodes[3]?.hop?.eventNs).toBe(8_000n);
  });

  it('given searches bounded below the noise between hops, then the chain says it may be incomplete', async () => {
    const bounded = await causalChain(file.redis, scope, chain.tick.id, { maxScannedPerSearch: 2 });
    expect(bounded.complete).toBe(false);
    expect(bounded.nodes.length).toBeLessThan(5);
  });

  it('given a cause that is gone, then the chain starts below it and names it', async () => {
    const lost = await publishChain(file.redis, scope, 'SOLUSDT');
    const orderAt = lost.at.get(lost.order.id);
    await file.redis.xdel(orderAt?.stream as string, orderAt?.entryId as string);
    const found = await causalChain(file.redis, scope, lost.fills[0]?.id as string);
    expect(found).toMatchObject({ rootId: lost.fills[0]?.id, missingCause: lost.order.id, complete: false });
    expect(shape(found.nodes)).toEqual([[0, 'fill', lost.fills[0]?.id]]);
  });

  it('given an id nobody has, then NotFoundError', async () => {
    await expect(causalChain(file.redis, scope, newEventId())).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('findEvent', () => {
  it('finds a UUIDv7 tick near its own time and a derived id by scanning, with or without hints', async () => {
    const tick = await findEvent(file.redis, scope, chain.tick.id);
    expect(tick?.entryId).toBe(chain.at.get(chain.tick.id)?.entryId);
    expect(tick?.event).toEqual(chain.tick);
    // Found near the time in its id, where a newest-first scan of one entry would not reach.
    const near = await findEvent(file.redis, scope, chain.tick.id, { maxScanned: 1 });
    expect(near?.entryId).toBe(tick?.entryId);
    const order = await findEvent(file.redis, scope, chain.order.id);
    expect(order?.stream).toBe(partitionKeys('qchain', 'order', order?.partition ?? -1).stream);
    expect(order?.event.id).toBe(chain.order.id);
    const hinted = await findEvent(file.redis, scope, chain.order.id, { type: 'order', symbol: 'BTCUSDT' });
    expect(hinted?.entryId).toBe(order?.entryId);
    expect(await findEvent(file.redis, scope, chain.order.id, { type: 'fill' })).toBeUndefined();
    expect(await findEvent(file.redis, scope, chain.order.id, { maxScanned: 3 })).toBeUndefined();
  });

  it('refuses what is not an id or a hint', async () => {
    await expect(findEvent(file.redis, scope, 'abc')).rejects.toBeInstanceOf(BadInputError);
    await expect(findEvent(file.redis, scope, chain.tick.id, { symbol: 'A B' })).rejects.toThrow('symbol:');
  });
});
