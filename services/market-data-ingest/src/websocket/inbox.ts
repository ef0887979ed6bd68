// The hand-off between socket events (push) and the consumer's loop (pull). It is bounded:
// past highWaterMark the socket is paused, so a slow consumer holds back the feed (TCP
// backpressure) instead of buffering it in memory, and resumed once half is drained.

/** A message as received: its number across connections, its text, and when it came. */
export interface Delivery {
  readonly number: number;
  readonly text: string;
  /** Arrival time, in ns since the Unix epoch. */
  readonly receivedNs: bigint;
  /** Set when the message could not be taken (too long): why; `text` is then empty. */
  readonly rejected?: string;
}

export interface Inbox {
  /** Adds a delivery; false when the inbox is at its high-water mark (pause the socket). */
  push(delivery: Delivery): boolean;
  /** The next delivery, waiting for one; undefined once `signal` is aborted. */
  take(signal: AbortSignal): Promise<Delivery | undefined>;
  /** Called when a full inbox drains to half, to resume the socket. */
  onDrain(listener: (() => void) | undefined): void;
}

/** An empty inbox that asks for a pause at `highWaterMark` deliveries. */
export function createInbox(highWaterMark: number): Inbox {
  const queue: Delivery[] = [];
  let wake: (() => void) | undefined;
  let drain: (() => void) | undefined;
  let full = false;
  return {
    push(delivery) {
      queue.push(delivery);
      wake?.();
      full = queue.length >= highWaterMark;
      return !full;
    },
    async take(signal) {
      while (queue.length === 0) {
        if (signal.aborted) return undefined;
        await new Promise<void>((resolve) => {
          const done = () => {
            wake = undefined;
            signal.removeEventListener('abort', done);
            resolve();
          };
          wake = done;
          signal.addEventListener('abort', done, { once: true });
        });
      }
      if (signal.aborted) return undefined;
      const delivery = queue.shift();
      if (full && queue.length <= highWaterMark / 2) {
        full = false;
        drain?.();
      }
      return delivery;
    },
    onDrain(listener) {
      drain = listener;
    },
  };
}
