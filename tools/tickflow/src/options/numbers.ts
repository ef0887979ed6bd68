// Integer flags read by commander: a value that is not an integer is a usage error naming
// the flag (commander prints it, exit 2); ranges are the library's to check.
import { InvalidArgumentError } from 'commander';

export function integer(value: string): number {
  if (!/^\d{1,15}$/.test(value.trim()))
    throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return Number(value);
}

/** Seconds, decimals allowed, above 0. */
export function seconds(value: string): number {
  const parsed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(parsed > 0)) {
    throw new InvalidArgumentError(`expected seconds above 0 like 5 or 0.5, got "${value}"`);
  }
  return parsed;
}
