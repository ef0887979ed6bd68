import { TestkitOptionError } from './errors.ts';

/**
 * Returns `value` (or `fallback` when undefined) after checking it is a positive finite duration.
 *
 * @param name - option name, for the error message.
 * @throws {TestkitOptionError} otherwise.
 */
export function positiveMs(value: number | undefined, fallback: number, name: string): number {
  const result = value ?? fallback;
  if (!(Number.isFinite(result) && result > 0)) {
    throw new TestkitOptionError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return result;
}

/**
 * Returns `value` (or `fallback` when undefined) after checking it is an integer >= `min`.
 *
 * @param name - option name, for the error message.
 * @throws {TestkitOptionError} otherwise.
 */
export function integerAtLeast(
  value: number | undefined,
  fallback: number,
  min: number,
  name: string,
): number {
  const result = value ?? fallback;
  if (!(Number.isInteger(result) && result >= min)) {
    throw new TestkitOptionError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return result;
}
