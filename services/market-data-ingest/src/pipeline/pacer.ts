// Pacing: when each record may go out. Fast sends at once; realtime replays the input's own
// spacing (ts_event) divided by a speed. The schedule is anchored at the first record, so a
// slow stretch (Redis busy, a long batch) is caught up afterwards instead of adding up.
import type { Pacing } from '../config/settings.ts';

export interface Pacer {
  /** How long to wait, in ms, before a record with event time `tsEventNs` is due; `nowMs` is a monotonic clock. */
  delayMs(tsEventNs: bigint, nowMs: number): number;
}

const fast: Pacer = { delayMs: () => 0 };

export function createPacer(pacing: Pacing): Pacer {
  return pacing.mode === 'fast' ? fast : realtime(pacing.speed);
}

function realtime(speed: number): Pacer {
  let origin: { readonly tsNs: bigint; readonly wallMs: number } | undefined;
  return {
    delayMs(tsEventNs, nowMs) {
      if (origin === undefined) {
        origin = { tsNs: tsEventNs, wallMs: nowMs };
        return 0;
      }
      // Input out of order (ts before the origin) is due at once, never earlier than "now".
      const dueMs = origin.wallMs + Number(tsEventNs - origin.tsNs) / 1e6 / speed;
      return Math.max(0, dueMs - nowMs);
    },
  };
}
