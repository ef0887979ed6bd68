// What a consumer reports about itself as it runs, besides metrics: leases won and lost,
// workers that crashed, circuits that opened, rebalances that failed — the things the
// runtime handles on its own and that would otherwise pass unseen. Listen with
// `consumer.onStatus(listener)` or iterate `consumer.status()` (as nats.js' consumer.status()).
import type { CircuitState } from './circuit-breaker.ts';

export type ConsumerStatus =
  | { readonly type: 'lease-acquired'; readonly stream: string; readonly holder: string }
  /** Given up on purpose: handed over to another member by a rebalance, or at stop(). */
  | { readonly type: 'lease-released'; readonly stream: string; readonly reason: 'handed-over' | 'stopped' }
  /** Taken from us: a renewal was refused, our own clock says it expired, or Redis refused an ack (fenced). */
  | {
      readonly type: 'lease-lost';
      readonly stream: string;
      readonly reason: 'renewal-refused' | 'expired' | 'fenced';
    }
  /** A partition worker failed on something that is not Redis being away: the partition is given up and retaken. */
  | { readonly type: 'worker-crashed'; readonly stream: string; readonly error: unknown }
  /** A partition worker found Redis away: it backs off and recovers from the pending list. */
  | { readonly type: 'redis-unavailable'; readonly stream: string; readonly error: unknown }
  /** A heartbeat/rebalance round failed (Redis away): owned partitions keep running until their leases expire. */
  | { readonly type: 'rebalance-failed'; readonly error: unknown }
  | { readonly type: 'circuit-changed'; readonly handler: string; readonly state: CircuitState };

export type StatusType = ConsumerStatus['type'];

export interface StatusHub {
  emit(status: ConsumerStatus): void;
  /** Calls `listener` for every status from now on; returns the unsubscribe. */
  listen(listener: (status: ConsumerStatus) => void): () => void;
  /**
   * The statuses from now until close() (what was buffered by then is still yielded),
   * buffered up to `bufferSize` (the oldest dropped beyond).
   */
  iterate(bufferSize?: number): AsyncIterableIterator<ConsumerStatus>;
  /** Ends every iteration. */
  close(): void;
}

export function createStatusHub(): StatusHub {
  const listeners = new Set<(status: ConsumerStatus) => void>();
  const closers = new Set<(drop?: boolean) => void>();
  let closed = false;
  const hub: StatusHub = {
    emit(status) {
      for (const listener of listeners) {
        try {
          listener(status);
        } catch {
          // A listener's bug must not break the runtime that reports to it.
        }
      }
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    iterate(bufferSize = 1_000) {
      const buffer: ConsumerStatus[] = [];
      // Callers of next() waiting for a status (more than one if next() is not awaited).
      const waiting: (() => void)[] = [];
      let ended = closed;
      const wakeAll = () => {
        for (const wake of waiting.splice(0)) wake();
      };
      const unlisten = ended
        ? () => undefined
        : hub.listen((status) => {
            buffer.push(status);
            if (buffer.length > bufferSize) buffer.shift();
            wakeAll();
          });
      // close() lets what is buffered still be read; return() drops it.
      const end = (drop = false) => {
        ended = true;
        if (drop) buffer.length = 0;
        unlisten();
        closers.delete(end);
        wakeAll();
      };
      if (!ended) closers.add(end);
      const iterator: AsyncIterableIterator<ConsumerStatus> = {
        async next() {
          while (buffer.length === 0 && !ended) await new Promise<void>((resolve) => waiting.push(resolve));
          const value = buffer.shift();
          return value === undefined ? { done: true, value: undefined } : { done: false, value };
        },
        async return() {
          end(true);
          return { done: true, value: undefined };
        },
        [Symbol.asyncIterator]: () => iterator,
      };
      return iterator;
    },
    close() {
      closed = true;
      for (const end of [...closers]) end();
    },
  };
  return hub;
}
