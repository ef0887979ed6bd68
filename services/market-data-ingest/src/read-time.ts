import type { FieldIssue } from '@tickflow/events';
import type { TimestampParser } from './timestamp-format.ts';

/**
 * Reads one timestamp value with `parse`, or records why it cannot and returns undefined:
 * a missing or empty value, a value that is not text, or text the parser refuses.
 */
export function readTime(
  issues: FieldIssue[],
  field: string,
  value: unknown,
  parse: TimestampParser,
): bigint | undefined {
  const text = typeof value === 'string' ? value.trim() : value;
  if (text === undefined || text === '' || text === null) {
    issues.push({ field, message: 'missing' });
    return undefined;
  }
  if (typeof text !== 'string') {
    issues.push({ field, message: `expected a timestamp string or number, got ${typeof text}` });
    return undefined;
  }
  try {
    return parse(text);
  } catch (error) {
    // Parsers report bad text as RangeError; anything else is a bug and must surface.
    if (!(error instanceof RangeError)) throw error;
    issues.push({ field, message: error.message });
    return undefined;
  }
}
