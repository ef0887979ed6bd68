// JSON with exact numbers: a JSON number comes back as its source text ("9682.10", not
// 9682.1; "1582329601096000123", not ...6000000), read through the reviver's source-text
// access (TC39 JSON.parse source text, in V8 since Node 21). A price or a nanosecond time
// sent as a bare number therefore survives exactly, as the events' decimal strings demand.

interface ReviverContext {
  readonly source?: string;
}

type SourceReviver = (this: unknown, key: string, value: unknown, context?: ReviverContext) => unknown;

function keepNumberText(_key: string, value: unknown, context?: ReviverContext): unknown {
  // Without source access (an older runtime), fall back to the shortest round-trip text.
  return typeof value === 'number' ? (context?.source ?? String(value)) : value;
}

/** JSON.parse with every number returned as its source text. Throws SyntaxError on bad JSON. */
export function parseExactJson(text: string): unknown {
  return JSON.parse(text, keepNumberText as SourceReviver as Parameters<typeof JSON.parse>[1]);
}
