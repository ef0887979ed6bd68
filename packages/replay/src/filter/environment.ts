// The CEL environment every filter is type-checked against, built once (setting one up is
// the expensive part; parsing and checking against it is cheap). The envelope's fields are
// top-level variables; the payload fields of all four types live under `data`, as one type
// with every field of every type: no two types give a field name different meanings, so
// `data.price` type-checks whatever the event, and on an event without that field it fails
// at run time, which the filter counts as no match. Payload decimals stay exact strings in
// the data; `decimal()` turns one into a double for numeric comparisons.
import { Environment } from '@marcbachmann/cel-js';
import { type AnyEvent, nsFromIso } from '@tickflow/events';

/** Bounds on an expression, so no filter can be made expensive to parse or run per event. */
export const FILTER_LIMITS = {
  maxLength: 2_000,
  maxAstNodes: 400,
  maxDepth: 24,
  maxListElements: 100,
  maxMapEntries: 100,
  maxCallArguments: 8,
} as const;

/** The envelope variables and their CEL types. */
export const ENVELOPE_VARIABLES = {
  id: 'string',
  event_type: 'string',
  key: 'string',
  symbol: 'string',
  ts_event: 'int',
  ts_init: 'int',
  corr: 'string',
  cause: 'string',
  traceparent: 'string',
} as const;

// The sizes are absent on an unsized quote (MarketData v3): a filter on them does not match
// it, and `has(data.bid_size)` tells the two apart.
const QUOTE_FIELDS = { bid_price: 'string', bid_size: 'string', ask_price: 'string', ask_size: 'string' };

/** Every payload field of the four types (test/filter-environment checks it against the schemas). */
export const DATA_FIELDS = {
  // market_data (quote and trade)
  kind: 'string',
  symbol: 'string',
  venue: 'string',
  ...QUOTE_FIELDS,
  price: 'string',
  size: 'string',
  aggressor_side: 'string',
  trade_id: 'string',
  // signal
  signal: 'string',
  strength: 'string',
  strategy_id: 'string',
  reason: 'string',
  quote: 'SignalQuote',
  // order
  order_id: 'string',
  client_order_id: 'string',
  side: 'string',
  quantity: 'string',
  order_type: 'string',
  limit_price: 'string',
  time_in_force: 'string',
  status: 'string',
  filled_quantity: 'string',
  avg_fill_price: 'string',
  // fill
  execution_id: 'string',
  commission: 'string',
  commission_asset: 'string',
  liquidity: 'string',
} as const;

/** The functions added to CEL's own, with what they do (for help texts). */
export const FILTER_FUNCTIONS = {
  'decimal(string): double':
    'an exact decimal string of the payload as a double, e.g. decimal(data.price) > 100.5; fails (no match) on anything else',
  'ns(string): int':
    'an ISO-8601 time as integer nanoseconds since the epoch, to compare with ts_event / ts_init',
} as const;

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

function decimal(text: string): number {
  if (!DECIMAL.test(text)) throw new RangeError(`not a decimal: "${text.slice(0, 40)}"`);
  return Number(text);
}

let environment: Environment | undefined;

/** The shared environment (built on first use). */
export function filterEnvironment(): Environment {
  if (environment) return environment;
  const { maxLength: _, ...limits } = FILTER_LIMITS;
  const built = new Environment({ limits })
    .registerType('SignalQuote', { fields: QUOTE_FIELDS })
    .registerType('EventData', { fields: DATA_FIELDS })
    .registerVariable('data', 'EventData')
    .registerFunction('decimal(string): double', decimal)
    .registerFunction('ns(string): int', nsFromIso);
  for (const [name, type] of Object.entries(ENVELOPE_VARIABLES)) built.registerVariable(name, type);
  environment = built;
  return built;
}

/** The variables of one event, as the filter sees them. */
export function filterContext(event: AnyEvent): Record<string, unknown> {
  return {
    id: event.id,
    // `type` is a CEL built-in (type(x)), so the event's type goes by another name.
    event_type: event.type,
    key: event.key,
    symbol: event.key,
    ts_event: event.ts_event,
    ts_init: event.ts_init,
    corr: event.corr,
    // Absent on a tick; '' rather than a missing variable, so `cause == ""` reads naturally.
    cause: event.cause ?? '',
    traceparent: event.traceparent ?? '',
    data: event.data,
  };
}
