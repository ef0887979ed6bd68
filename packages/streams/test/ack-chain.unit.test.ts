import { describe, expect, it } from 'vitest';
import { createAckChain, MAX_MERGED_ACK_IDS } from '../src/ack-chain.ts';
import type { Settled } from '../src/fenced-call.ts';
import type { Capture } from '../src/partition-memory.ts';

/** A send whose calls are recorded and each settle when the test says so. */
function controlledSend() {
  const calls: { capture: Capture; resolve: (outcome: Settled) => void; reject: (error: unknown) => void }[] =
    [];
  const send = (capture: Capture) =>
    new Promise<Settled>((resolve, reject) => {
      calls.push({ capture, resolve, reject });
    });
  const call = (index: number) => {
    const found = calls[index];
    if (found === undefined) throw new Error(`send was called ${calls.length} times, not ${index + 1}`);
    return found;
  };
  return { send, calls, call, sent: () => calls.map((c) => c.capture) };
}

/** Lets every pending promise callback run (the chain's links are a few promises deep). */
async function flush() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

const capture = (ids: string[], state = '', remembered: string[] = []): Capture => ({
  ids,
  state,
  remembered,
});
const idsFrom = (from: number, count: number) => Array.from({ length: count }, (_, i) => `${from + i}-0`);

describe('ack chain: order', () => {
  it('settles at once as applied when nothing was enqueued', async () => {
    const { send, calls } = controlledSend();
    const chain = createAckChain(send);
    await expect(chain.settled()).resolves.toBe('applied');
    expect(calls).toHaveLength(0);
    expect(chain.failed).toBe(false);
  });

  it('sends one ack at a time, in order, each after the previous one is done', async () => {
    // Given a first ack in flight
    const { send, call, sent } = controlledSend();
    const chain = createAckChain(send);
    chain.enqueue(capture(['1-0']));
    await flush();
    expect(sent()).toEqual([capture(['1-0'])]);

    // When a second one is enqueued
    chain.enqueue(capture(['2-0']));
    await flush();

    // Then it waits for the first
    expect(sent()).toHaveLength(1);
    call(0).resolve('applied');
    await flush();
    expect(sent()).toEqual([capture(['1-0']), capture(['2-0'])]);

    // And settled() waits for the last
    let settled: Settled | undefined;
    void chain.settled().then((outcome) => {
      settled = outcome;
    });
    await flush();
    expect(settled).toBeUndefined();
    call(1).resolve('applied');
    await flush();
    expect(settled).toBe('applied');
  });

  it('sends a capture enqueued after the chain went idle', async () => {
    const { send, call, sent } = controlledSend();
    const chain = createAckChain(send);
    chain.enqueue(capture(['1-0']));
    await flush();
    call(0).resolve('applied');
    await expect(chain.settled()).resolves.toBe('applied');
    chain.enqueue(capture(['2-0']));
    await flush();
    expect(sent()).toEqual([capture(['1-0']), capture(['2-0'])]);
  });
});

describe('ack chain: merging', () => {
  it('merges the captures enqueued while one is in flight into one ack', async () => {
    // Given an ack in flight
    const { send, call, sent } = controlledSend();
    const chain = createAckChain(send);
    chain.enqueue(capture(['1-0'], '{"v":1}', ['a']));
    await flush();

    // When three captures are enqueued behind it
    chain.enqueue(capture(['2-0', '2-1'], '{"v":2}', ['a', 'b']));
    chain.enqueue(capture(['3-0'], '', ['a', 'b', 'c']));
    chain.enqueue(capture(['4-0'], '', ['b', 'c']));
    call(0).resolve('applied');
    await flush();

    // Then they go as one ack: every id in order, the last changed state, the last remembered
    expect(sent()).toEqual([
      capture(['1-0'], '{"v":1}', ['a']),
      capture(['2-0', '2-1', '3-0', '4-0'], '{"v":2}', ['b', 'c']),
    ]);
    call(1).resolve('applied');
    await expect(chain.settled()).resolves.toBe('applied');
  });

  it('a later changed state wins over an earlier one', async () => {
    const { send, call, sent } = controlledSend();
    const chain = createAckChain(send);
    chain.enqueue(capture(['1-0']));
    await flush();
    chain.enqueue(capture(['2-0'], '{"v":2}'));
    chain.enqueue(capture(['3-0'], '{"v":3}'));
    chain.enqueue(capture(['4-0'], ''));
    call(0).resolve('applied');
    await flush();
    expect(sent()[1]).toEqual(capture(['2-0', '3-0', '4-0'], '{"v":3}'));
  });

  it('does not merge into the ack in flight', async () => {
    const { send, call, sent } = controlledSend();
    const chain = createAckChain(send);
    const first = capture(['1-0']);
    chain.enqueue(first);
    await flush();
    chain.enqueue(capture(['2-0']));
    expect(first).toEqual(capture(['1-0']));
    call(0).resolve('applied');
    await flush();
    expect(sent().map((c) => c.ids)).toEqual([['1-0'], ['2-0']]);
  });

  it(`merges up to MAX_MERGED_ACK_IDS (${MAX_MERGED_ACK_IDS}) ids; a capture that would exceed waits as a new ack`, async () => {
    // Given an ack in flight
    const { send, call, sent } = controlledSend();
    const chain = createAckChain(send);
    chain.enqueue(capture(['0-1']));
    await flush();

    // When captures of 600, 400 (together exactly the bound), 1 and 5 ids are enqueued behind it
    chain.enqueue(capture(idsFrom(1, 600)));
    chain.enqueue(capture(idsFrom(601, 400)));
    chain.enqueue(capture(idsFrom(1_001, 1)));
    chain.enqueue(capture(idsFrom(1_002, 5)));

    // Then they go as one ack of exactly the bound, then one of the rest, in order
    call(0).resolve('applied');
    await flush();
    expect(sent()).toHaveLength(2);
    expect(sent()[1]?.ids).toEqual(idsFrom(1, MAX_MERGED_ACK_IDS));
    call(1).resolve('applied');
    await flush();
    expect(sent()).toHaveLength(3);
    expect(sent()[2]?.ids).toEqual(idsFrom(1_001, 6));
    call(2).resolve('applied');
    await expect(chain.settled()).resolves.toBe('applied');
  });

  it('sends a single capture above the bound as it is', async () => {
    const { send, call, sent } = controlledSend();
    const chain = createAckChain(send);
    chain.enqueue(capture(['0-1']));
    await flush();
    chain.enqueue(capture(idsFrom(1, MAX_MERGED_ACK_IDS + 1)));
    chain.enqueue(capture(['9999-0']));
    call(0).resolve('applied');
    await flush();
    expect(sent()[1]?.ids).toHaveLength(MAX_MERGED_ACK_IDS + 1);
    call(1).resolve('applied');
    await flush();
    expect(sent()[2]?.ids).toEqual(['9999-0']);
  });
});

describe('ack chain: stopping', () => {
  it.each(['fenced', 'aborted'] as const)(
    'once an ack is %s, no later ack is sent and settled() says so',
    async (outcome) => {
      // Given an ack in flight and one waiting
      const { send, call, sent } = controlledSend();
      const chain = createAckChain(send);
      chain.enqueue(capture(['1-0']));
      await flush();
      chain.enqueue(capture(['2-0']));

      // When the first is not applied
      call(0).resolve(outcome);
      await flush();

      // Then the second is never sent, nor any enqueued later
      chain.enqueue(capture(['3-0']));
      await expect(chain.settled()).resolves.toBe(outcome);
      await flush();
      expect(sent()).toEqual([capture(['1-0'])]);
      expect(chain.failed).toBe(false);
    },
  );

  it('a fenced ack in the middle: the earlier ones were sent, settled() is fenced', async () => {
    const { send, call, sent } = controlledSend();
    const chain = createAckChain(send);
    chain.enqueue(capture(['1-0']));
    await flush();
    chain.enqueue(capture(['2-0']));
    call(0).resolve('applied');
    await flush();
    chain.enqueue(capture(['3-0']));
    call(1).resolve('fenced');
    await expect(chain.settled()).resolves.toBe('fenced');
    expect(sent().map((c) => c.ids)).toEqual([['1-0'], ['2-0']]);
  });

  it('a send that throws: settled() rejects with its error every time, later acks are not sent', async () => {
    // Given an ack in flight and one waiting
    const { send, call, sent } = controlledSend();
    const chain = createAckChain(send);
    chain.enqueue(capture(['1-0']));
    await flush();
    chain.enqueue(capture(['2-0']));
    expect(chain.failed).toBe(false);

    // When the send throws
    const error = new Error('unexpected reply');
    call(0).reject(error);
    await flush();

    // Then the chain has failed, rethrowing that very error on every settled()
    expect(chain.failed).toBe(true);
    await expect(chain.settled()).rejects.toBe(error);
    await expect(chain.settled()).rejects.toBe(error);
    chain.enqueue(capture(['3-0']));
    await expect(chain.settled()).rejects.toBe(error);
    await flush();
    expect(sent()).toEqual([capture(['1-0'])]);
  });

  it('a send that throws synchronously fails the chain the same way', async () => {
    const error = new Error('sync');
    const chain = createAckChain(() => {
      throw error;
    });
    chain.enqueue(capture(['1-0']));
    await expect(chain.settled()).rejects.toBe(error);
    expect(chain.failed).toBe(true);
  });

  it('keeps the first error when it would have had several', async () => {
    let calls = 0;
    const chain = createAckChain(async () => {
      calls++;
      throw new Error(`failure ${calls}`);
    });
    chain.enqueue(capture(['1-0']));
    await expect(chain.settled()).rejects.toThrow('failure 1');
    chain.enqueue(capture(['2-0']));
    await expect(chain.settled()).rejects.toThrow('failure 1');
    expect(calls).toBe(1);
  });
});
