// Shared fast-check arbitraries: valid values of every primitive, every payload type (both
// market data kinds, optional fields present and absent) and the envelope around them.
// Every test that needs a valid event builds it from here, so there is one definition of
// "any valid event" to keep in step with the schemas.
import fc from 'fast-check';
import type {
  AnyEvent,
  Envelope,
  EventType,
  Fill,
  MarketData,
  Order,
  PayloadOf,
  Quote,
  Signal,
  Trade,
} from '../src/index.ts';
import {
  decimalArb,
  digits,
  eventIdArb,
  identifierArb,
  nonNegativeDecimalArb,
  positiveDecimalArb,
  shortTextArb,
  symbolArb,
  timestampArb,
  traceparentArb,
  tracestateArb,
} from './primitive-arbitraries.ts';
import { REQUIRED_PAYLOAD } from './reject-cases.ts';

const sideArb = fc.constantFrom('buy' as const, 'sell' as const);

export * from './primitive-arbitraries.ts';

// ---- payloads ---------------------------------------------------------------------------

const sizedQuoteArb: fc.Arbitrary<Quote> = fc.record(
  {
    kind: fc.constant('quote' as const),
    symbol: symbolArb,
    venue: identifierArb,
    bid_price: decimalArb,
    bid_size: nonNegativeDecimalArb,
    ask_price: decimalArb,
    ask_size: nonNegativeDecimalArb,
  },
  { noNullPrototype: true },
);

/** Quotes with both sizes, or (v3) with neither. */
export const quoteArb: fc.Arbitrary<Quote> = fc.oneof(
  { arbitrary: sizedQuoteArb, weight: 3 },
  {
    arbitrary: fc.record(
      {
        kind: fc.constant('quote' as const),
        symbol: symbolArb,
        venue: identifierArb,
        bid_price: decimalArb,
        ask_price: decimalArb,
      },
      { noNullPrototype: true },
    ),
    weight: 1,
  },
);

export const tradeArb: fc.Arbitrary<Trade> = fc.record(
  {
    kind: fc.constant('trade' as const),
    symbol: symbolArb,
    venue: identifierArb,
    price: decimalArb,
    size: positiveDecimalArb,
    aggressor_side: fc.constantFrom('buy' as const, 'sell' as const, 'unknown' as const),
    trade_id: identifierArb,
  },
  { requiredKeys: ['kind', 'symbol', 'venue', 'price', 'size', 'aggressor_side'], noNullPrototype: true },
);

export const marketDataArb: fc.Arbitrary<MarketData> = fc.oneof(quoteArb, tradeArb);

/** A strength from 0 to 1 inclusive, in the shapes the schema accepts. */
export const strengthArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('0', '1', '0.5', '1.0', '1.000', '0.0', '0.000000012345678901'),
  digits(1, 18).map((fraction) => `0.${fraction}`),
);

export const signalArb: fc.Arbitrary<Signal> = fc.record(
  {
    symbol: symbolArb,
    signal: fc.constantFrom('long' as const, 'short' as const, 'flat' as const),
    strength: strengthArb,
    strategy_id: identifierArb,
    reason: shortTextArb,
    quote: fc.oneof(
      fc.record(
        {
          bid_price: decimalArb,
          bid_size: nonNegativeDecimalArb,
          ask_price: decimalArb,
          ask_size: nonNegativeDecimalArb,
        },
        { noNullPrototype: true },
      ),
      fc.record({ bid_price: decimalArb, ask_price: decimalArb }, { noNullPrototype: true }),
    ),
  },
  { requiredKeys: ['symbol', 'signal', 'strength', 'strategy_id', 'reason'], noNullPrototype: true },
);

const orderCommon = {
  order_id: identifierArb,
  client_order_id: identifierArb,
  symbol: symbolArb,
  side: sideArb,
  quantity: positiveDecimalArb,
  time_in_force: fc.constantFrom('GTC' as const, 'IOC' as const, 'FOK' as const, 'DAY' as const),
  status: fc.constantFrom(
    'NEW' as const,
    'ACCEPTED' as const,
    'PARTIALLY_FILLED' as const,
    'FILLED' as const,
    'CANCELED' as const,
    'REJECTED' as const,
    'EXPIRED' as const,
  ),
  filled_quantity: nonNegativeDecimalArb,
  avg_fill_price: positiveDecimalArb,
  strategy_id: identifierArb,
  reason: shortTextArb,
};
const orderRequired = [
  'order_id',
  'client_order_id',
  'symbol',
  'side',
  'quantity',
  'order_type',
  'time_in_force',
  'status',
  'filled_quantity',
] as const;

/** A limit order always has a limit_price; a market order never has one. */
export const orderArb: fc.Arbitrary<Order> = fc.oneof(
  fc.record(
    { ...orderCommon, order_type: fc.constant('limit' as const), limit_price: positiveDecimalArb },
    { requiredKeys: [...orderRequired, 'limit_price'], noNullPrototype: true },
  ),
  fc.record(
    { ...orderCommon, order_type: fc.constant('market' as const) },
    { requiredKeys: [...orderRequired], noNullPrototype: true },
  ),
);

export const fillArb: fc.Arbitrary<Fill> = fc.record(
  {
    order_id: identifierArb,
    execution_id: identifierArb,
    symbol: symbolArb,
    side: sideArb,
    quantity: positiveDecimalArb,
    price: positiveDecimalArb,
    commission: nonNegativeDecimalArb,
    commission_asset: identifierArb,
    liquidity: fc.constantFrom('maker' as const, 'taker' as const),
    venue: identifierArb,
    strategy_id: identifierArb,
  },
  {
    // strategy_id is the one optional field.
    requiredKeys: REQUIRED_PAYLOAD.fill as (keyof Fill)[],
    noNullPrototype: true,
  },
);

export const payloadArbs: { readonly [T in EventType]: fc.Arbitrary<PayloadOf[T]> } = {
  market_data: marketDataArb,
  signal: signalArb,
  order: orderArb,
  fill: fillArb,
};

// ---- envelopes --------------------------------------------------------------------------

/**
 * A valid event of `type`: key = data.symbol; cause and traceparent present or absent, and
 * tracestate present or absent when traceparent is there (never without it).
 */
export function eventArb<T extends EventType>(type: T): fc.Arbitrary<Envelope<T>> {
  const data: fc.Arbitrary<PayloadOf[T]> = payloadArbs[type];
  return fc
    .record(
      {
        id: eventIdArb,
        ts_event: timestampArb,
        ts_init: timestampArb,
        corr: eventIdArb,
        cause: eventIdArb,
        traceparent: traceparentArb,
        tracestate: tracestateArb,
        data,
      },
      { requiredKeys: ['id', 'ts_event', 'ts_init', 'corr', 'data'], noNullPrototype: true },
    )
    .map(
      ({ tracestate, ...fields }): Envelope<T> => ({
        ...fields,
        ...(tracestate !== undefined && fields.traceparent !== undefined ? { tracestate } : {}),
        type,
        key: fields.data.symbol,
      }),
    );
}

/** A valid event of `type`, typed as the union (for loops over EVENT_TYPES). */
export function anyEventOfTypeArb(type: EventType): fc.Arbitrary<AnyEvent> {
  return eventArb(type) as fc.Arbitrary<AnyEvent>;
}

/** A valid event of any of the four types. */
export const anyEventArb: fc.Arbitrary<AnyEvent> = fc.oneof(
  eventArb('market_data'),
  eventArb('signal'),
  eventArb('order'),
  eventArb('fill'),
);
