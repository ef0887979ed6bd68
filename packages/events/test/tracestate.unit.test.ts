// The envelope's optional W3C tracestate: what it accepts (everything OpenTelemetry's
// propagator writes), that it only comes with a traceparent, how events built from a cause
// inherit it, and withTraceContext, which a publisher uses to put its own span's context in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCanonical, decodeEventFully } from '../src/codec.ts';
import {
  createEvent,
  decodeEvent,
  deriveEvent,
  encodeEvent,
  type MarketData,
  type Order,
  withTraceContext,
} from '../src/index.ts';
import { isTracestate } from '../src/primitives.ts';
import { anyEventArb, traceparentArb, tracestateArb } from './arbitraries.ts';
import { BAD_ENVELOPE_VALUES, encoded, TRACEPARENT } from './reject-cases.ts';
import { expectIssueAt, invalidEventErrorOf, withField, withoutField } from './wire.ts';

const OTHER_TRACEPARENT = '00-11111111111111111111111111111111-2222222222222222-00';
const QUOTE: MarketData = {
  kind: 'quote',
  symbol: 'BTCUSDT',
  venue: 'binance',
  bid_price: '65000.1',
  bid_size: '0.5',
  ask_price: '65000.2',
  ask_size: '1.25',
};
const ORDER: Order = {
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

describe('isTracestate', () => {
  it('given the W3C examples and OpenTelemetry-style lists, then it accepts them', () => {
    for (const text of [
      'congo=t61rcWkgMzE',
      'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
      'rojo=00f067aa0ba902b7 , congo=t61rcWkgMzE',
      'fw529a3039@dt=FfR8fQKw,ab=1',
      'a=b c',
      'a=1,,b=2',
      `a=${'x'.repeat(256)}`,
      Array.from({ length: 32 }, (_, i) => `k${i}=v`).join(','),
    ]) {
      expect(isTracestate(text), text).toBe(true);
    }
    fc.assert(
      fc.property(tracestateArb, (text) => {
        expect(isTracestate(text)).toBe(true);
      }),
    );
  });

  it('given what the spec forbids, then it rejects it', () => {
    for (const text of BAD_ENVELOPE_VALUES.tracestate ?? []) expect(isTracestate(text), text).toBe(false);
  });
});

describe('the tracestate envelope field', () => {
  it('given an entry with a tracestate but no traceparent, then both decode paths reject it at tracestate', () => {
    const fields = withoutField(encoded('quote'), 'traceparent');
    expect(decodeCanonical(fields)).toBeUndefined();
    expectIssueAt(() => decodeEventFully(fields), 'tracestate');
    expectIssueAt(
      () => createEvent({ type: 'market_data', ts_event: 1n, tracestate: 'a=b', data: QUOTE }),
      'tracestate',
    );
  });

  it('given an entry written before tracestate existed, then it decodes without one', () => {
    const old = withoutField(encoded('trade'), 'tracestate');
    const decoded = decodeEvent(old);
    expect(decoded.traceparent).toBe(TRACEPARENT);
    expect(Object.hasOwn(decoded, 'tracestate')).toBe(false);
  });

  it('given a tracestate, then it is written right after traceparent', () => {
    const fields = encodeEvent(
      createEvent({
        type: 'market_data',
        ts_event: 1n,
        traceparent: TRACEPARENT,
        tracestate: 'a=b',
        data: QUOTE,
      }),
    );
    const names = fields.filter((_, i) => i % 2 === 0);
    expect(names.slice(-3)).toStrictEqual(['traceparent', 'tracestate', 'data']);
    expect(decodeCanonical(fields)?.tracestate).toBe('a=b');
  });
});

describe('deriveEvent and tracestate', () => {
  const cause = createEvent({
    type: 'market_data',
    ts_event: 1n,
    traceparent: TRACEPARENT,
    tracestate: 'rojo=1',
    data: QUOTE,
  });

  it('given no trace context, then it takes the cause traceparent and tracestate together', () => {
    const derived = deriveEvent(cause, { type: 'order', data: ORDER, scope: 's' });
    expect(derived.traceparent).toBe(TRACEPARENT);
    expect(derived.tracestate).toBe('rojo=1');
  });

  it('given a traceparent of its own, then the cause tracestate is not carried over', () => {
    const derived = deriveEvent(cause, {
      type: 'order',
      data: ORDER,
      scope: 's',
      traceparent: OTHER_TRACEPARENT,
    });
    expect(derived.traceparent).toBe(OTHER_TRACEPARENT);
    expect(Object.hasOwn(derived, 'tracestate')).toBe(false);
    const both = deriveEvent(cause, {
      type: 'order',
      data: ORDER,
      scope: 's',
      traceparent: OTHER_TRACEPARENT,
      tracestate: 'own=2',
    });
    expect(both.tracestate).toBe('own=2');
  });
});

describe('withTraceContext', () => {
  it('given any event and trace context, then only the trace fields change, in envelope order', () => {
    fc.assert(
      fc.property(
        anyEventArb,
        traceparentArb,
        fc.option(tracestateArb, { nil: undefined }),
        (event, traceparent, tracestate) => {
          const traced = withTraceContext(event, { traceparent, tracestate });
          const { traceparent: _p, tracestate: _s, ...rest } = traced;
          const { traceparent: _op, tracestate: _os, ...original } = event;
          expect(rest).toStrictEqual(original);
          expect(traced.traceparent).toBe(traceparent);
          expect(Object.hasOwn(traced, 'tracestate')).toBe(tracestate !== undefined);
          // What decoding its encoding gives: the same event, keys in the same order.
          const decoded = decodeEvent(encodeEvent(traced));
          expect(decoded).toStrictEqual(traced);
          expect(Object.keys(decoded)).toStrictEqual(Object.keys(traced));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('given the trace context the event has, then it returns the event itself', () => {
    const event = createEvent({ type: 'market_data', ts_event: 1n, traceparent: TRACEPARENT, data: QUOTE });
    expect(withTraceContext(event, { traceparent: TRACEPARENT })).toBe(event);
  });

  it('given a bad traceparent or tracestate, then InvalidEventError at that field, naming the event', () => {
    const event = createEvent({ type: 'market_data', ts_event: 1n, data: QUOTE });
    expectIssueAt(() => withTraceContext(event, { traceparent: 'nope' }), 'traceparent');
    expectIssueAt(() => withTraceContext(event, { traceparent: TRACEPARENT, tracestate: '' }), 'tracestate');
    const error = invalidEventErrorOf(() =>
      withTraceContext(event, { traceparent: TRACEPARENT, tracestate: 'x' }),
    );
    expect(error.eventId).toBe(event.id);
  });

  it('given the traced event written to a stream, then the entry has the new trace fields', () => {
    const event = decodeEvent(withField(encoded('quote'), 'tracestate', 'old=1'));
    const fields = encodeEvent(
      withTraceContext(event, { traceparent: OTHER_TRACEPARENT, tracestate: 'new=2' }),
    );
    expect(fields).toContain(OTHER_TRACEPARENT);
    expect(fields).toContain('new=2');
    expect(fields).not.toContain('old=1');
  });
});
