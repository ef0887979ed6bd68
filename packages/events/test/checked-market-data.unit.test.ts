// A payload checked once (checkMarketData) is frozen and taken by createEvent as it is; an
// invalid one is refused and left alone; an unchecked one is still checked and copied.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMarketData } from '../src/checked-market-data.ts';
import { validateEventFully } from '../src/envelope.ts';
import { createEvent } from '../src/event.ts';
import { marketDataArb } from './arbitraries.ts';

const canonical = (payload: unknown) => JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;

describe('checkMarketData', () => {
  it('given a valid canonical payload, then it is frozen, and its event holds that very object, equal to what zod makes of it', () => {
    fc.assert(
      fc.property(marketDataArb, (generated) => {
        const data = canonical(
          validateEventFully(createEvent({ type: 'market_data', ts_event: 1n, data: generated })).data,
        );
        expect(checkMarketData(data)).toBe(true);
        expect(Object.isFrozen(data)).toBe(true);
        const event = createEvent({ type: 'market_data', ts_event: 1n, ts_init: 2n, data: data as never });
        expect(event.data).toBe(data);
        expect(event).toEqual(validateEventFully({ ...event, data: { ...data } }));
      }),
    );
  });

  it('given an invalid payload, then it is refused and not frozen, and createEvent still refuses it', () => {
    const data = {
      kind: 'quote',
      symbol: 'BTCUSDT',
      venue: 'x',
      bid_price: '1',
      bid_size: '-1',
      ask_price: '2',
      ask_size: '1',
    };
    expect(checkMarketData(data)).toBe(false);
    expect(Object.isFrozen(data)).toBe(false);
    expect(() => createEvent({ type: 'market_data', ts_event: 1n, data: data as never })).toThrow(/bid_size/);
  });

  it('given a valid payload that was not checked, then its event holds a copy', () => {
    const data = {
      kind: 'quote',
      symbol: 'BTCUSDT',
      venue: 'x',
      bid_price: '1',
      bid_size: '1',
      ask_price: '2',
      ask_size: '1',
    } as const;
    const event = createEvent({ type: 'market_data', ts_event: 1n, data });
    expect(event.data).not.toBe(data);
    expect(event.data).toEqual(data);
  });

  it('given a checked payload, then changing it afterwards is refused (it is frozen)', () => {
    const data: Record<string, unknown> = {
      kind: 'trade',
      symbol: 'ETHUSDT',
      venue: 'x',
      price: '1',
      size: '2',
      aggressor_side: 'buy',
    };
    expect(checkMarketData(data)).toBe(true);
    expect(() => {
      data.size = '-5';
    }).toThrow(TypeError);
  });
});
