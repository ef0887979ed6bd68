// A replay run's progress as the API, the CLI and /metrics show it.
export type ReplayState = 'running' | 'paused' | 'completed' | 'cancelled' | 'failed' | 'interrupted';

export interface ReplayProgress {
  readonly id: string;
  readonly target: string;
  readonly state: ReplayState;
  /** The speed as parseSpeed spells it (max, step, 10x). */
  readonly speed: string;
  /** Entries in the selected range; the scan goes through all of them. */
  readonly total: number;
  /** Entries of the range gone through so far (selected or not). */
  readonly scanned: number;
  /** Entries of the range that are not events (they do not decode): not replayed; consumers would only dead-letter them. */
  readonly skipped: number;
  /** Selected events written to the target. */
  readonly replayed: number;
  /** Selected events the target already held (a resumed or repeated run). */
  readonly present: number;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly endedAt?: number;
  /** Events written per second since the start (pauses included). */
  readonly ratePerSec: number;
  /** Time left at the scan rate so far; undefined until it can be told, or once ended. */
  readonly etaMs?: number;
  readonly error?: string;
}

export const FINAL_STATES: readonly ReplayState[] = ['completed', 'cancelled', 'failed', 'interrupted'];

export function isFinal(state: ReplayState): boolean {
  return FINAL_STATES.includes(state);
}
