// How fast a replay goes: as fast as Redis takes it, paced by the events' own event-time
// spacing (×1 is real time, ×N N times faster), or step by step (N events per `step` call).
import { BadInputError } from '../errors.ts';

export type Speed =
  | { readonly mode: 'max' }
  | { readonly mode: 'paced'; readonly factor: number }
  | { readonly mode: 'step' };

const MAX_FACTOR = 1_000_000;

/**
 * Reads a speed as the API and CLI spell it: `max`, `step`, `realtime` (= ×1), or a factor
 * `10x`, `x10`, `0.5x`, `10`. Throws BadInputError naming `parameter` otherwise.
 */
export function parseSpeed(text: string, parameter = 'speed'): Speed {
  const spelled = text.trim().toLowerCase();
  if (spelled === 'max') return { mode: 'max' };
  if (spelled === 'step') return { mode: 'step' };
  if (spelled === 'realtime' || spelled === 'real-time') return { mode: 'paced', factor: 1 };
  const match = /^(?:x(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)x?)$/.exec(spelled);
  const factor = match ? Number(match[1] ?? match[2]) : Number.NaN;
  if (!(factor > 0 && factor <= MAX_FACTOR)) {
    throw new BadInputError(
      parameter,
      `expected max, step, realtime or a factor like 10x (above 0, at most ${MAX_FACTOR}), got "${text}"`,
    );
  }
  return { mode: 'paced', factor };
}

/** The speed as parseSpeed reads it back. */
export function formatSpeed(speed: Speed): string {
  return speed.mode === 'paced' ? `${speed.factor}x` : speed.mode;
}
