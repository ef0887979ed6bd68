// The inbox between socket and consumer is bounded: it asks for a pause at the high-water
// mark and for a resume once half drained, so a slow consumer holds the feed back.
import { describe, expect, it } from 'vitest';
import { createInbox } from '../src/websocket/inbox.ts';

const delivery = (number: number) => ({ number, text: `m${number}`, receivedNs: 0n });

describe('createInbox', () => {
  it('given deliveries up to the high-water mark, then the last push asks for a pause, and draining to half asks for a resume', async () => {
    const inbox = createInbox(4);
    let resumes = 0;
    inbox.onDrain(() => {
      resumes += 1;
    });
    const pushes = [1, 2, 3, 4].map((n) => inbox.push(delivery(n)));
    expect(pushes).toEqual([true, true, true, false]);

    const signal = new AbortController().signal;
    await inbox.take(signal);
    expect(resumes).toBe(0);
    await inbox.take(signal);
    expect(resumes).toBe(1);
    expect((await inbox.take(signal))?.number).toBe(3);
  });

  it('given a consumer waiting on an empty inbox, then a push wakes it, and an abort ends the wait with undefined', async () => {
    const inbox = createInbox(10);
    const controller = new AbortController();
    const waiting = inbox.take(controller.signal);
    inbox.push(delivery(7));
    expect(await waiting).toMatchObject({ number: 7 });

    const ended = inbox.take(controller.signal);
    controller.abort();
    expect(await ended).toBeUndefined();
  });
});
