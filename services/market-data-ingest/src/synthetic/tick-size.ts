// Prices on a tick grid, written as exact decimal strings: a price is an integer number of
// ticks, and the text is built from integers, so no float ever reaches the payload.
import { SourceConfigError } from '../errors.ts';

/** A tick size such as "0.01", as an integer count of units of 10^-scale. */
export interface TickSize {
  readonly text: string;
  /** The tick in units of 10^-scale: "0.05" → 5n with scale 2. */
  readonly units: bigint;
  readonly scale: number;
  /** The tick as a number, for the price model's arithmetic. */
  readonly value: number;
}

/** Parses a positive decimal tick size. Throws SourceConfigError. */
export function tickSize(text: string): TickSize {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  const units = match === null ? 0n : BigInt(`${match[1]}${match[2] ?? ''}`);
  if (match === null || units === 0n) {
    throw new SourceConfigError(
      `tick size must be a positive decimal like "0.01", got ${JSON.stringify(text)}`,
    );
  }
  return { text, units, scale: (match[2] ?? '').length, value: Number(text) };
}

/** `ticks` ticks as a decimal string with the tick's scale, e.g. 968192 × 0.01 → "9681.92". */
export function formatTicks(ticks: number, tick: TickSize): string {
  const digits = (BigInt(ticks) * tick.units).toString().padStart(tick.scale + 1, '0');
  return tick.scale === 0 ? digits : `${digits.slice(0, -tick.scale)}.${digits.slice(-tick.scale)}`;
}
