// MarketData v3 and Signal v3: a quote's sizes are optional, both together. An unsized quote
// round-trips exactly (and takes the codec's fast path, as FX tick files are all unsized
// quotes); one size without the other is rejected, located at the missing one.
import { describe, expect, it } from 'vitest';
import { isCanonicalMarketData } from '../src/canonical-market-data.ts';
import { decodeCanonical } from '../src/codec.ts';
import { type AnyEvent, decodeEvent, EVENT_SPECS, encodeEvent } from '../src/index.ts';
import { quoteSizes } from '../src/types/market-data.ts';
import { expectIssueAt, fieldValue, withData } from './wire.ts';

const ID = '0190f1e2-8a4b-7c3d-9e5f-a1b2c3d4e5f6';
const UNSIZED: AnyEvent = {
  id: ID,
  type: 'market_data',
  key: 'EURUSD',
  ts_event: 1_357_077_600_295_000_000n,
  ts_init: 1_357_077_600_296_000_000n,
  corr: ID,
  data: { kind: 'quote', symbol: 'EURUSD', venue: 'dukascopy', bid_price: '1.32014', ask_price: '1.32029' },
};
const SIGNAL: AnyEvent = {
  id: '6a0f6c3e-2d1b-5f4a-9e8d-7c6b5a493899',
  type: 'signal',
  key: 'EURUSD',
  ts_event: 1_357_077_600_295_000_000n,
  ts_init: 1_357_077_600_297_000_000n,
  corr: ID,
  cause: ID,
  data: {
    symbol: 'EURUSD',
    signal: 'long',
    strength: '1',
    strategy_id: 'sma-cross',
    reason: 'up',
    quote: { bid_price: '1.32014', ask_price: '1.32029' },
  },
};

describe('MarketData v3: unsized quotes', () => {
  it('given the registry, then market_data and signal are at v3 and read v1 and v2', () => {
    for (const type of ['market_data', 'signal'] as const) {
      expect(EVENT_SPECS[type].currentVersion).toBe(3);
      expect(EVENT_SPECS[type].past.map((past) => past.version)).toStrictEqual([1, 2]);
    }
  });

  it('given an unsized quote, when encoded, then the payload has no size keys at all (absent, never empty)', () => {
    const fields = encodeEvent(UNSIZED);
    expect(fieldValue(fields, 'v')).toBe('3');
    expect(fieldValue(fields, 'data')).toBe(
      '{"kind":"quote","symbol":"EURUSD","venue":"dukascopy","bid_price":"1.32014","ask_price":"1.32029"}',
    );
  });

  it('given an encoded unsized quote, when decoded by either path, then it is the same event exactly', () => {
    const fields = encodeEvent(UNSIZED);
    expect(decodeEvent(fields)).toStrictEqual(UNSIZED);
    // The fast path takes it, payload included: an FX file is nothing but unsized quotes.
    expect(decodeCanonical(fields)).toStrictEqual(UNSIZED);
    expect(isCanonicalMarketData(JSON.parse(fieldValue(fields, 'data') ?? ''))).toBe(true);
  });

  it('given a signal carrying an unsized quote, then it round-trips exactly', () => {
    expect(decodeEvent(encodeEvent(SIGNAL))).toStrictEqual(SIGNAL);
  });

  for (const [given, missing] of [
    ['bid_size', 'ask_size'],
    ['ask_size', 'bid_size'],
  ] as const) {
    it(`given a quote with ${given} only, then it is rejected as missing at data.${missing}`, () => {
      const fields = withData(encodeEvent(UNSIZED), (data) => Object.assign(data, { [given]: '1' }));
      expect(decodeCanonical(fields)).toBeUndefined();
      const message = expectIssueAt(() => decodeEvent(fields), `data.${missing}`);
      expect(message).toBe('missing');
    });

    it(`given a signal quote with ${given} only, then it is rejected at data.quote.${missing}`, () => {
      const fields = withData(encodeEvent(SIGNAL), (data) =>
        Object.assign(data.quote as Record<string, unknown>, { [given]: '1' }),
      );
      const message = expectIssueAt(() => decodeEvent(fields), `data.quote.${missing}`);
      expect(message).toBe('missing');
    });
  }

  it('given a quote with both sizes, then quoteSizes returns them; given none, undefined', () => {
    const data = UNSIZED.data as Extract<AnyEvent['data'], { kind: 'quote' }>;
    expect(quoteSizes(data)).toBeUndefined();
    expect(quoteSizes({ ...data, bid_size: '0', ask_size: '2.5' })).toStrictEqual({
      bid_size: '0',
      ask_size: '2.5',
    });
  });
});
