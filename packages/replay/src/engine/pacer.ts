// When each replayed event may be written. Paced speeds map event time onto the wall clock
// through an anchor (an event time and the wall time it corresponds to); a pause or a speed
// change re-anchors at the replay's current virtual event time, so the spacing of the events
// is kept across both. Step mode hands out credits instead. Nothing here sleeps in a loop:
// a wait is one timer, woken early by any change (pause, speed, credits, cancel).
import type { Speed } from './speed.ts';

export interface Pacer {
  /** True when the event may go now; false when the caller must flush and `wait`. Takes a step credit. */
  ready(tsEventNs: bigint): boolean;
  /** Resolves when the event may go (its step credit taken); rejects once cancelled. */
  wait(tsEventNs: bigint): Promise<void>;
  readonly speed: Speed;
  readonly paused: boolean;
  pause(): void;
  resume(): void;
  setSpeed(speed: Speed): void;
  /** Allows `count` more events in step mode. */
  grant(count: number): void;
  cancel(reason: Error): void;
}

interface Anchor {
  readonly tsNs: bigint;
  readonly wallMs: number;
}

/** A pacer over a clock (performance.now by default: monotonic, sub-millisecond). */
export function createPacer(initial: Speed, now: () => number = () => performance.now()): Pacer {
  let speed = initial;
  let paused = false;
  let cancelled: Error | undefined;
  let anchor: Anchor | undefined;
  // The virtual event time reached when paused, to re-anchor at on resume.
  let pausedAtNs: bigint | undefined;
  let credits = 0;
  let wake: (() => void) | undefined;

  const changed = () => {
    const wakeUp = wake;
    wake = undefined;
    wakeUp?.();
  };
  const virtualNow = (): bigint | undefined => {
    if (!anchor || speed.mode !== 'paced') return undefined;
    return anchor.tsNs + BigInt(Math.round((now() - anchor.wallMs) * 1e6 * speed.factor));
  };
  const reanchor = (tsNs: bigint | undefined) => {
    anchor = tsNs === undefined ? undefined : { tsNs, wallMs: now() };
  };
  /** Milliseconds until the event is due (≤ 0: due now). */
  const dueInMs = (tsEventNs: bigint): number => {
    if (speed.mode !== 'paced') return 0;
    if (!anchor) {
      reanchor(tsEventNs);
      return 0;
    }
    const offsetMs = Number(tsEventNs - anchor.tsNs) / 1e6 / speed.factor;
    return anchor.wallMs + offsetMs - now();
  };

  const ready = (tsEventNs: bigint): boolean => {
    if (cancelled) throw cancelled;
    if (paused) return false;
    if (speed.mode === 'step') {
      if (credits === 0) return false;
      credits--;
      return true;
    }
    return dueInMs(tsEventNs) <= 0;
  };

  return {
    ready,
    async wait(tsEventNs) {
      while (!ready(tsEventNs)) {
        const delayMs = paused || speed.mode === 'step' ? undefined : dueInMs(tsEventNs);
        await new Promise<void>((resolve) => {
          const timer = delayMs === undefined ? undefined : setTimeout(resolve, Math.max(0, delayMs));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    get speed() {
      return speed;
    },
    get paused() {
      return paused;
    },
    pause() {
      if (paused) return;
      pausedAtNs = virtualNow();
      paused = true;
      changed();
    },
    resume() {
      if (!paused) return;
      paused = false;
      reanchor(pausedAtNs);
      changed();
    },
    setSpeed(next) {
      const at = paused ? pausedAtNs : virtualNow();
      speed = next;
      if (paused) pausedAtNs = at;
      else reanchor(at);
      changed();
    },
    grant(count) {
      credits += count;
      changed();
    },
    cancel(reason) {
      cancelled = reason;
      changed();
    },
  };
}
