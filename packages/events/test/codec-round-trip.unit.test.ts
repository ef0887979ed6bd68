// Every valid event survives encodeEvent → decodeEvent unchanged, whatever its type, kind,
// optional fields, timestamps or decimal shapes; and the wire format is what XADD expects.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnyEvent,
  createEvent,
  decodeEvent,
  deriveEvent,
  EVENT_SPECS,
  EVENT_TYPES,
  encodeEvent,
  MAX_TIMESTAMP_NS,
} from '../src/index.ts';
import {
  anyEventArb,
  anyEventOfTypeArb,
  eventArb,
  NOTABLE_DECIMALS,
  payloadArbs,
  quoteArb,
  timestampArb,
  traceparentArb,
  tracestateArb,
  tradeArb,
} from './arbitraries.ts';
import { fieldValue, withField } from './wire.ts';

const roundTrip = (event: AnyEvent): AnyEvent => decodeEvent(encodeEvent(event));

describe('encodeEvent then decodeEvent', () => {
  for (const type of EVENT_TYPES) {
    it(`given any valid ${type} event, when round-tripped, then it deep-equals the original`, () => {
      fc.assert(
        fc.property(anyEventOfTypeArb(type), (event) => {
          expect(roundTrip(event)).toStrictEqual(event);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('given quotes and trades (trade_id present or absent), when round-tripped, then both kinds are unchanged', () => {
    fc.assert(
      fc.property(eventArb('market_data'), quoteArb, tradeArb, (base, quote, trade) => {
        for (const data of [quote, trade]) {
          const event: AnyEvent = { ...base, key: data.symbol, data };
          expect(roundTrip(event)).toStrictEqual(event);
        }
      }),
    );
  });

  it('given an event without cause, traceparent and tracestate, when round-tripped, then they stay absent (not undefined)', () => {
    fc.assert(
      fc.property(anyEventArb, (event) => {
        const { cause: _cause, traceparent: _traceparent, tracestate: _tracestate, ...bare } = event;
        const decoded = roundTrip(bare as AnyEvent);
        expect(decoded).toStrictEqual(bare);
        expect(Object.hasOwn(decoded, 'cause')).toBe(false);
        expect(Object.hasOwn(decoded, 'traceparent')).toBe(false);
        expect(Object.hasOwn(decoded, 'tracestate')).toBe(false);
      }),
    );
  });

  it('given an event with cause, traceparent and tracestate, when round-tripped, then all are kept', () => {
    fc.assert(
      fc.property(
        eventArb('signal'),
        eventArb('fill'),
        traceparentArb,
        tracestateArb,
        (signal, cause, traceparent, tracestate) => {
          const event: AnyEvent = { ...signal, cause: cause.id, traceparent, tracestate };
          const decoded = roundTrip(event);
          expect(decoded.cause).toBe(cause.id);
          expect(decoded.traceparent).toBe(traceparent);
          expect(decoded.tracestate).toBe(tracestate);
          expect(decoded).toStrictEqual(event);
        },
      ),
    );
  });

  it('given timestamps anywhere in 0..2^63-1, when round-tripped, then both are exact bigints', () => {
    fc.assert(
      fc.property(eventArb('fill'), timestampArb, timestampArb, (event, tsEvent, tsInit) => {
        const decoded = roundTrip({ ...event, ts_event: tsEvent, ts_init: tsInit });
        expect(decoded.ts_event).toBe(tsEvent);
        expect(decoded.ts_init).toBe(tsInit);
      }),
    );
    for (const ts of [0n, MAX_TIMESTAMP_NS]) {
      fc.assert(
        fc.property(eventArb('order'), (event) => {
          const decoded = roundTrip({ ...event, ts_event: ts, ts_init: ts });
          expect(decoded.ts_event).toBe(ts);
          expect(decoded.ts_init).toBe(ts);
        }),
        { numRuns: 5 },
      );
    }
  });

  it('given decimals of notable shapes (long fractions, trailing zeros, 38 digits), when round-tripped, then every digit is kept', () => {
    fc.assert(
      fc.property(eventArb('market_data'), quoteArb, (base, quote) => {
        for (const value of NOTABLE_DECIMALS) {
          // Both sizes: a v3 quote has both or neither.
          const data = { ...quote, bid_price: value, bid_size: value, ask_price: value, ask_size: value };
          const decoded = roundTrip({ ...base, key: data.symbol, data });
          expect(decoded.data).toStrictEqual(data);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('given the fields of an entry in any order, when decoded, then the event is the same', () => {
    const pairsOf = (fields: readonly string[]): [string, string][] =>
      Array.from({ length: fields.length / 2 }, (_, i) => [
        fields[2 * i] as string,
        fields[2 * i + 1] as string,
      ]);
    fc.assert(
      fc.property(
        anyEventArb.chain((event) => {
          const pairs = pairsOf(encodeEvent(event));
          return fc
            .shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length })
            .map((shuffled) => ({ event, fields: shuffled.flat() }));
        }),
        ({ event, fields }) => {
          expect(decodeEvent(fields)).toStrictEqual(event);
        },
      ),
    );
  });

  it('given an entry with an unknown extra envelope field (from a newer producer), when decoded, then it is ignored', () => {
    fc.assert(
      fc.property(anyEventArb, (event) => {
        const fields = withField(encodeEvent(event), 'x_future_field', 'whatever');
        expect(decodeEvent(fields)).toStrictEqual(event);
      }),
      { numRuns: 50 },
    );
  });
});

describe('events built by createEvent and deriveEvent', () => {
  it('given createEvent output of any type, when round-tripped, then it deep-equals the created event', () => {
    const inputArb = fc.oneof(
      ...EVENT_TYPES.map((type) =>
        fc.record({ type: fc.constant(type), data: payloadArbs[type], ts_event: timestampArb }),
      ),
    );
    fc.assert(
      fc.property(inputArb, (input) => {
        const created = createEvent(input) as AnyEvent;
        expect(roundTrip(created)).toStrictEqual(created);
      }),
    );
  });

  it('given deriveEvent output of any type, when round-tripped, then it deep-equals the derived event', () => {
    fc.assert(
      fc.property(anyEventArb, eventArb('order'), fc.nat({ max: 1000 }), (cause, template, index) => {
        const derived = deriveEvent(cause, {
          type: 'order',
          data: template.data,
          scope: 'order-router',
          index,
        });
        expect(roundTrip(derived)).toStrictEqual(derived);
      }),
    );
  });
});

describe('the wire format of encodeEvent', () => {
  it('given any event, when encoded, then it is a flat list of strings of even length with name/value pairs', () => {
    fc.assert(
      fc.property(anyEventArb, (event) => {
        const fields = encodeEvent(event);
        expect(fields.length % 2).toBe(0);
        for (const value of fields) expect(typeof value).toBe('string');
        const names = fields.filter((_, i) => i % 2 === 0);
        expect(names).toStrictEqual([
          'id',
          'type',
          'v',
          'key',
          'ts_event',
          'ts_init',
          'corr',
          ...(event.cause === undefined ? [] : ['cause']),
          ...(event.traceparent === undefined ? [] : ['traceparent']),
          ...(event.tracestate === undefined ? [] : ['tracestate']),
          'data',
        ]);
      }),
    );
  });

  it('given any event, when encoded, then v is its current version, timestamps are decimal digits and data is its JSON', () => {
    fc.assert(
      fc.property(anyEventArb, (event) => {
        const fields = encodeEvent(event);
        expect(fieldValue(fields, 'v')).toBe(String(EVENT_SPECS[event.type].currentVersion));
        expect(fieldValue(fields, 'ts_event')).toBe(event.ts_event.toString());
        expect(fieldValue(fields, 'ts_init')).toMatch(/^\d+$/);
        expect(fieldValue(fields, 'key')).toBe(event.data.symbol);
        expect(JSON.parse(fieldValue(fields, 'data') ?? 'null')).toStrictEqual(event.data);
      }),
    );
  });

  it('given a pinned quote, when encoded, then the field list is exactly the documented one', () => {
    const event: AnyEvent = {
      id: '0190f1e2-8a4b-7c3d-9e5f-a1b2c3d4e5f6',
      type: 'market_data',
      key: 'BTCUSDT',
      ts_event: 1_582_329_600_123_456_789n,
      ts_init: 1_582_329_600_200_000_000n,
      corr: '0190f1e2-8a4b-7c3d-9e5f-a1b2c3d4e5f6',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      data: {
        kind: 'quote',
        symbol: 'BTCUSDT',
        venue: 'binance',
        bid_price: '65000.10',
        bid_size: '0.5',
        ask_price: '65000.20',
        ask_size: '1.25',
      },
    };
    expect(encodeEvent(event)).toStrictEqual([
      'id',
      '0190f1e2-8a4b-7c3d-9e5f-a1b2c3d4e5f6',
      'type',
      'market_data',
      'v',
      '3',
      'key',
      'BTCUSDT',
      'ts_event',
      '1582329600123456789',
      'ts_init',
      '1582329600200000000',
      'corr',
      '0190f1e2-8a4b-7c3d-9e5f-a1b2c3d4e5f6',
      'traceparent',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      'data',
      '{"kind":"quote","symbol":"BTCUSDT","venue":"binance","bid_price":"65000.10","bid_size":"0.5","ask_price":"65000.20","ask_size":"1.25"}',
    ]);
  });
});
