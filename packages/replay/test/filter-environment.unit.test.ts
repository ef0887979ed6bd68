// The filter environment declares every payload field of every event type, and nothing
// else: a field added to a schema without being declared here would be refused in filters.
import { EVENT_SPECS, EVENT_TYPES } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { DATA_FIELDS } from '../src/filter/environment.ts';

interface Inspectable {
  readonly shape?: Record<string, unknown>;
  readonly options?: readonly unknown[];
  unwrap?(): unknown;
}

/** The field names of a zod object schema, or of every option of a union of them. */
function fieldsOf(schema: unknown): string[] {
  const inspectable = schema as Inspectable;
  if (inspectable.shape) return Object.keys(inspectable.shape);
  if (inspectable.options) return inspectable.options.flatMap(fieldsOf);
  throw new Error('not an object schema');
}

describe('the filter environment', () => {
  it('declares exactly the payload fields of the four types under data', () => {
    const fromSchemas = new Set(EVENT_TYPES.flatMap((type) => fieldsOf(EVENT_SPECS[type].schema)));
    expect(Object.keys(DATA_FIELDS).sort()).toEqual([...fromSchemas].sort());
  });

  it("declares the signal quote's fields", () => {
    const shape = (EVENT_SPECS.signal.schema as unknown as Inspectable).shape as Record<string, Inspectable>;
    const quote = shape.quote?.unwrap?.();
    expect(fieldsOf(quote).sort()).toEqual(['ask_price', 'ask_size', 'bid_price', 'bid_size']);
    expect(DATA_FIELDS.quote).toBe('SignalQuote');
  });
});
