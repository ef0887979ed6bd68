// Helpers to edit stream field lists (`[name, value, name, value, ...]`) and to assert that
// decoding fails at one located field.
import { expect } from 'vitest';
import { InvalidEventError } from '../src/index.ts';

/** The value of field `name`, or undefined when the list has no such field. */
/** The envelope fields every entry must carry, in wire order. */
export const REQUIRED_ENVELOPE = ['id', 'type', 'v', 'key', 'ts_event', 'ts_init', 'corr', 'data'];

export function fieldValue(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

/** A copy with field `name` set to `value` (appended when absent). */
export function withField(fields: readonly string[], name: string, value: string): string[] {
  const copy = [...fields];
  for (let i = 0; i + 1 < copy.length; i += 2) {
    if (copy[i] === name) {
      copy[i + 1] = value;
      return copy;
    }
  }
  return [...copy, name, value];
}

/** A copy without field `name`. */
export function withoutField(fields: readonly string[], name: string): string[] {
  const copy: string[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] !== name) copy.push(fields[i] as string, fields[i + 1] as string);
  }
  return copy;
}

/** A copy whose `data` JSON was parsed, changed by `edit`, and written back. */
export function withData(fields: readonly string[], edit: (data: Record<string, unknown>) => void): string[] {
  const text = fieldValue(fields, 'data');
  if (text === undefined) throw new Error('the field list has no data field');
  const data = JSON.parse(text) as Record<string, unknown>;
  edit(data);
  return withField(fields, 'data', JSON.stringify(data));
}

/** Sets `data.<path>` (dotted, for nested objects such as `quote.bid_price`). */
export function setPath(data: Record<string, unknown>, path: string, value: unknown): void {
  const names = path.split('.');
  const last = names.pop() as string;
  let target = data;
  for (const name of names) target = target[name] as Record<string, unknown>;
  target[last] = value;
}

/** Removes `data.<path>` (dotted). */
export function deletePath(data: Record<string, unknown>, path: string): void {
  const names = path.split('.');
  const last = names.pop() as string;
  let target = data;
  for (const name of names) target = target[name] as Record<string, unknown>;
  delete target[last];
}

/** Runs `run`, expects an InvalidEventError, and returns it. */
export function invalidEventErrorOf(run: () => unknown): InvalidEventError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEventError);
    return error as InvalidEventError;
  }
  throw new Error('expected an InvalidEventError, but nothing was thrown');
}

/**
 * Expects `run` to throw an InvalidEventError with an issue located at exactly `field`,
 * with a non-empty message, and returns that issue's message.
 */
export function expectIssueAt(run: () => unknown, field: string): string {
  const error = invalidEventErrorOf(run);
  const issue = error.issues.find((candidate) => candidate.field === field);
  expect(issue, `issues were ${JSON.stringify(error.issues)}`).toBeDefined();
  expect(issue?.message).toMatch(/\S/);
  expect(error.message).toContain(`${field}: `);
  return issue?.message ?? '';
}
