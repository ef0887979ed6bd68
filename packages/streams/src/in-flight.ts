// The bound on entries read but not yet acked, shared by all partitions of a consumer:
// a reader takes permits before it reads and the acker returns them, so reads pause when
// handlers fall behind and memory stays flat under overload.

export interface InFlightLimit {
  /** Waits until at least one permit is free, then takes up to `wanted`; returns how many it took (0 if aborted). */
  take(wanted: number, signal?: AbortSignal): Promise<number>;
  give(count: number): void;
  readonly inUse: number;
}

export function createInFlightLimit(max: number, onChange?: (inUse: number) => void): InFlightLimit {
  let inUse = 0;
  const waiters: (() => void)[] = [];
  return {
    get inUse() {
      return inUse;
    },
    async take(wanted, signal) {
      while (inUse >= max) {
        if (signal?.aborted) return 0;
        await new Promise<void>((resolve) => {
          const wake = () => {
            signal?.removeEventListener('abort', wake);
            resolve();
          };
          waiters.push(wake);
          signal?.addEventListener('abort', wake, { once: true });
        });
      }
      if (signal?.aborted) return 0;
      const taken = Math.min(wanted, max - inUse);
      inUse += taken;
      onChange?.(inUse);
      return taken;
    },
    give(count) {
      inUse -= count;
      onChange?.(inUse);
      for (const wake of waiters.splice(0)) wake();
    },
  };
}
