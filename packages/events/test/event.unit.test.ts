// createEvent and deriveEvent: both validate, fill in the envelope's defaults, and refuse
// invalid input with an InvalidEventError that names the bad field and the event id.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnyEvent,
  createEvent,
  deriveEvent,
  InvalidEventError,
  isEventId,
  type MarketData,
  nowNs,
  type Order,
  validateEvent,
} from '../src/index.ts';
import { anyEventArb, eventArb, orderArb } from './arbitraries.ts';
import { expectIssueAt, invalidEventErrorOf } from './wire.ts';

const ID = '0190f1e2-8a4b-7c3d-9e5f-a1b2c3d4e5f6';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const QUOTE: MarketData = {
  kind: 'quote',
  symbol: 'BTCUSDT',
  venue: 'binance',
  bid_price: '65000.1',
  bid_size: '0.5',
  ask_price: '65000.2',
  ask_size: '1.25',
};
const LIMIT_ORDER: Order = {
  order_id: 'o-1',
  client_order_id: 'c-1',
  symbol: 'BTCUSDT',
  side: 'buy',
  quantity: '0.5',
  order_type: 'limit',
  limit_price: '65000',
  time_in_force: 'GTC',
  status: 'NEW',
  filled_quantity: '0',
};

const QUOTE_EVENT: AnyEvent = {
  id: ID,
  type: 'market_data',
  key: 'BTCUSDT',
  ts_event: 1n,
  ts_init: 2n,
  corr: ID,
  data: QUOTE,
};

/** Runtime data that breaks the static types, as an untyped caller could pass it. */
const untyped = <T>(value: unknown): T => value as T;

describe('createEvent', () => {
  it('given only type, data and ts_event, then it fills in a UUIDv7 id, corr = id, ts_init = now', () => {
    const before = nowNs();
    const event = createEvent({ type: 'market_data', data: QUOTE, ts_event: 5n });
    const after = nowNs();
    expect(isEventId(event.id)).toBe(true);
    expect(event.id.charAt(14)).toBe('7');
    expect(event.corr).toBe(event.id);
    expect(event.key).toBe('BTCUSDT');
    expect(event.ts_event).toBe(5n);
    expect(event.ts_init).toBeGreaterThanOrEqual(before);
    expect(event.ts_init).toBeLessThanOrEqual(after);
    expect(event.data).toStrictEqual(QUOTE);
    expect(Object.keys(event).sort()).toStrictEqual([
      'corr',
      'data',
      'id',
      'key',
      'ts_event',
      'ts_init',
      'type',
    ]);
  });

  it('given id, corr, ts_init and traceparent, then it uses them as given', () => {
    const corr = '0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c01';
    const event = createEvent({
      type: 'order',
      data: LIMIT_ORDER,
      ts_event: 1n,
      ts_init: 2n,
      id: ID,
      corr,
      traceparent: TRACEPARENT,
    });
    expect(event).toStrictEqual({
      id: ID,
      type: 'order',
      key: 'BTCUSDT',
      ts_event: 1n,
      ts_init: 2n,
      corr,
      traceparent: TRACEPARENT,
      data: LIMIT_ORDER,
    });
  });

  it('given two calls, then the events get different ids', () => {
    const a = createEvent({ type: 'market_data', data: QUOTE, ts_event: 1n });
    const b = createEvent({ type: 'market_data', data: QUOTE, ts_event: 1n });
    expect(a.id).not.toBe(b.id);
  });

  const INVALID: readonly { name: string; build: () => unknown; field: string }[] = [
    {
      name: 'a bid_price that is not a decimal',
      build: () =>
        createEvent({ type: 'market_data', id: ID, ts_event: 1n, data: { ...QUOTE, bid_price: '1e5' } }),
      field: 'data.bid_price',
    },
    {
      name: 'a negative ask_size',
      build: () =>
        createEvent({ type: 'market_data', id: ID, ts_event: 1n, data: { ...QUOTE, ask_size: '-1' } }),
      field: 'data.ask_size',
    },
    {
      name: 'a limit order without limit_price',
      build: () => {
        const { limit_price: _limitPrice, ...withoutPrice } = LIMIT_ORDER;
        return createEvent({ type: 'order', id: ID, ts_event: 1n, data: withoutPrice });
      },
      field: 'data.limit_price',
    },
    {
      name: 'an unknown payload key',
      build: () =>
        createEvent({
          type: 'market_data',
          id: ID,
          ts_event: 1n,
          data: untyped<MarketData>({ ...QUOTE, mid: '1' }),
        }),
      field: 'data.mid',
    },
    {
      name: 'a payload of another type',
      build: () => createEvent({ type: 'fill', id: ID, ts_event: 1n, data: untyped(LIMIT_ORDER) }),
      field: 'data.client_order_id',
    },
    {
      name: 'a negative ts_event',
      build: () => createEvent({ type: 'market_data', id: ID, ts_event: -1n, data: QUOTE }),
      field: 'ts_event',
    },
    {
      name: 'a ts_init past 2^63-1',
      build: () =>
        createEvent({ type: 'market_data', id: ID, ts_event: 1n, ts_init: 2n ** 63n, data: QUOTE }),
      field: 'ts_init',
    },
    {
      name: 'a number ts_event instead of a bigint',
      build: () => createEvent({ type: 'market_data', id: ID, ts_event: untyped<bigint>(1), data: QUOTE }),
      field: 'ts_event',
    },
    {
      name: 'a bad traceparent',
      build: () => createEvent({ type: 'market_data', id: ID, ts_event: 1n, traceparent: 'x', data: QUOTE }),
      field: 'traceparent',
    },
    {
      name: 'a bad corr',
      build: () => createEvent({ type: 'market_data', id: ID, ts_event: 1n, corr: 'c', data: QUOTE }),
      field: 'corr',
    },
    {
      name: 'a bad id',
      build: () => createEvent({ type: 'market_data', id: 'not-a-uuid', ts_event: 1n, data: QUOTE }),
      field: 'id',
    },
    {
      name: 'an unknown type',
      build: () =>
        createEvent({ type: untyped<'fill'>('quote'), id: ID, ts_event: 1n, data: untyped(QUOTE) }),
      field: 'type',
    },
    {
      name: 'a symbol that is not one',
      build: () =>
        createEvent({ type: 'market_data', id: ID, ts_event: 1n, data: { ...QUOTE, symbol: 'BTC USDT' } }),
      field: 'data.symbol',
    },
  ];

  for (const { name, build, field } of INVALID) {
    it(`given ${name}, then it throws InvalidEventError located at ${field}`, () => {
      expectIssueAt(build, field);
    });
  }

  it('given invalid data, then the error message names the field and the event id', () => {
    const error = invalidEventErrorOf(() =>
      createEvent({ type: 'market_data', id: ID, ts_event: 1n, data: { ...QUOTE, bid_price: 'abc' } }),
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.eventId).toBe(ID);
    expect(error.message).toBe(
      `invalid event ${ID}: data.bid_price: expected an exact decimal string like "123.45", got "abc"`,
    );
  });

  it('given invalid data and no id, then the message names the generated id', () => {
    const error = invalidEventErrorOf(() =>
      createEvent({ type: 'market_data', ts_event: 1n, data: { ...QUOTE, ask_price: '' } }),
    );
    expect(error.eventId).toBeDefined();
    expect(isEventId(error.eventId ?? '')).toBe(true);
    expect(error.message).toContain(`invalid event ${error.eventId}: `);
    expect(error.message).toContain('data.ask_price');
  });

  it('given a payload holding a bigint where a string belongs, then InvalidEventError, not a TypeError', () => {
    // An untyped caller passing wrong runtime values must get the located error, whatever
    // they passed: the error message must not itself crash while describing the input.
    expectIssueAt(
      () =>
        createEvent({
          type: 'market_data',
          id: ID,
          ts_event: 1n,
          data: untyped<MarketData>({ ...QUOTE, kind: undefined, bid_price: 1n }),
        }),
      'data.kind',
    );
    expectIssueAt(
      () =>
        createEvent({
          type: 'market_data',
          id: ID,
          ts_event: 1n,
          data: untyped<MarketData>({ ...QUOTE, bid_price: [1n] }),
        }),
      'data.bid_price',
    );
  });
});

describe('validateEvent given arbitrary values', () => {
  it('given any JavaScript value, then it returns an event or throws InvalidEventError, nothing else', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true }),
        (value) => {
          try {
            validateEvent(value);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidEventError);
          }
        },
      ),
      // A nested bigint in an envelope field: found by this property once, kept as a fixed example.
      { numRuns: 500, examples: [[{ key: [{ '': 0n }] }]] },
    );
  });

  it('given a valid event with one payload value replaced by any JavaScript value, then it returns or throws InvalidEventError', () => {
    fc.assert(
      fc.property(anyEventArb, fc.nat(), fc.anything({ withBigInt: true }), (event, at, value) => {
        const keys = Object.keys(event.data);
        const key = keys[at % keys.length] as string;
        try {
          validateEvent({ ...event, data: { ...event.data, [key]: value } });
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidEventError);
        }
      }),
      { numRuns: 500, examples: [[QUOTE_EVENT, 0, [0n]]] },
    );
  });

  it('given any valid event, then validateEvent returns it unchanged', () => {
    fc.assert(
      fc.property(anyEventArb, (event) => {
        expect(validateEvent(event)).toStrictEqual(event);
      }),
    );
  });
});

describe('deriveEvent', () => {
  it('given a cause, then corr, cause, ts_event and traceparent come from it', () => {
    fc.assert(
      fc.property(eventArb('signal'), orderArb, (cause, data) => {
        const derived = deriveEvent(cause, { type: 'order', data, scope: 'order-router' });
        expect(derived.type).toBe('order');
        expect(derived.key).toBe(data.symbol);
        expect(derived.corr).toBe(cause.corr);
        expect(derived.cause).toBe(cause.id);
        expect(derived.ts_event).toBe(cause.ts_event);
        expect(derived.traceparent).toBe(cause.traceparent);
        expect(Object.hasOwn(derived, 'traceparent')).toBe(cause.traceparent !== undefined);
        expect(derived.data).toStrictEqual(data);
      }),
    );
  });

  it('given ts_event, ts_init and traceparent, then they override the defaults', () => {
    const cause = createEvent({ type: 'market_data', data: QUOTE, ts_event: 10n, traceparent: TRACEPARENT });
    const other = '00-11111111111111111111111111111111-2222222222222222-00';
    const derived = deriveEvent(cause, {
      type: 'order',
      data: LIMIT_ORDER,
      scope: 'order-router',
      ts_event: 20n,
      ts_init: 30n,
      traceparent: other,
    });
    expect(derived.ts_event).toBe(20n);
    expect(derived.ts_init).toBe(30n);
    expect(derived.traceparent).toBe(other);
  });

  it('given no ts_init, then ts_init is now', () => {
    const cause = createEvent({ type: 'market_data', data: QUOTE, ts_event: 10n, ts_init: 11n });
    const before = nowNs();
    const derived = deriveEvent(cause, { type: 'order', data: LIMIT_ORDER, scope: 'order-router' });
    expect(derived.ts_init).toBeGreaterThanOrEqual(before);
    expect(derived.ts_init).toBeLessThanOrEqual(nowNs());
  });

  it('given invalid data, then it throws InvalidEventError located at the field, naming the derived id', () => {
    const cause = createEvent({ type: 'market_data', data: QUOTE, ts_event: 10n });
    const error = invalidEventErrorOf(() =>
      deriveEvent(cause, { type: 'order', data: { ...LIMIT_ORDER, quantity: '0' }, scope: 'order-router' }),
    );
    expect(error.issues.map((issue) => issue.field)).toStrictEqual(['data.quantity']);
    expect(error.message).toContain(`invalid event ${error.eventId}: data.quantity: `);
    expect(isEventId(error.eventId ?? '')).toBe(true);
  });

  it('given a bad scope or index, then it throws RangeError before validating', () => {
    const cause = createEvent({ type: 'market_data', data: QUOTE, ts_event: 10n });
    expect(() => deriveEvent(cause, { type: 'order', data: LIMIT_ORDER, scope: '' })).toThrow(RangeError);
    expect(() => deriveEvent(cause, { type: 'order', data: LIMIT_ORDER, scope: 's', index: -1 })).toThrow(
      RangeError,
    );
  });
});
