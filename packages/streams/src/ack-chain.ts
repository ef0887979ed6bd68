// The acks of one partition worker, sent one after the other in capture order while the
// worker goes on reading and handling (an ack in flight never holds up the next batch). A
// capture made while earlier ones wait is merged into the last waiting one (up to
// MAX_MERGED_ACK_IDS ids), so a slow round trip never leaves a queue of small acks behind
// it. Once an ack is not applied (fenced, aborted, or an unexpected error), no later ack is
// sent: the worker is ending, and its entries stay pending for the partition's next owner.
import type { Settled } from './fenced-call.ts';
import type { Capture } from './partition-memory.ts';

/** Ids one merged ack may carry (the ack script passes them to XACK in slices; keep calls modest). */
export const MAX_MERGED_ACK_IDS = 1_000;

export interface AckChain {
  /** Sends `capture` after every ack enqueued before it, without waiting. */
  enqueue(capture: Capture): void;
  /**
   * Resolves once every enqueued ack is done: 'applied' when all were, otherwise why the
   * chain stopped. Rejects with the error an ack threw (every time: the chain has stopped).
   */
  settled(): Promise<Settled>;
  /** True when an ack threw: settled() rethrows it. */
  readonly failed: boolean;
}

/** Two captures, in order, as one: every id, the later state when it changed, the later remembered ids. */
function merged(first: Capture, second: Capture): Capture {
  return {
    ids: first.ids.concat(second.ids),
    state: second.state === '' ? first.state : second.state,
    // A capture takes every id not yet saved, so the later one has them all.
    remembered: second.remembered,
  };
}

export function createAckChain(send: (capture: Capture) => Promise<Settled>): AckChain {
  let chain: Promise<Settled> = Promise.resolve('applied');
  let failure: { error: unknown } | undefined;
  const waiting: Capture[] = [];

  return {
    enqueue(capture) {
      const last = waiting.at(-1);
      if (last !== undefined && last.ids.length + capture.ids.length <= MAX_MERGED_ACK_IDS) {
        waiting[waiting.length - 1] = merged(last, capture);
        return;
      }
      waiting.push(capture);
      // Each link sends exactly one item of `waiting`, the oldest.
      chain = chain.then(async (previous) => {
        const next = waiting.shift() as Capture;
        if (previous !== 'applied') return previous;
        try {
          return await send(next);
        } catch (error) {
          failure ??= { error };
          return 'aborted';
        }
      });
    },
    async settled() {
      const outcome = await chain;
      if (failure) throw failure.error;
      return outcome;
    },
    get failed() {
      return failure !== undefined;
    },
  };
}
