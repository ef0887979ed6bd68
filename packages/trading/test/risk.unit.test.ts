import { describe, expect, it } from 'vitest';
import { checkRisk } from '../src/risk/check-risk.ts';
import { checkKillSwitch, type KillSwitchMode } from '../src/risk/kill-switch.ts';
import { checkMaxOrderNotional } from '../src/risk/max-order-notional.ts';
import { checkMaxOrderQuantity } from '../src/risk/max-order-quantity.ts';
import { checkMaxPosition } from '../src/risk/max-position.ts';
import { checkPriceBand } from '../src/risk/price-band.ts';
import { checkOrderRate, EMPTY_RATE_LIMITER, recordOrder } from '../src/risk/rate-limit.ts';
import type { OrderIntent, RiskContext, RiskLimits } from '../src/risk/types.ts';

const LIMITS: RiskLimits = {
  maxOrderQuantity: '10',
  maxOrderNotional: '1000',
  maxAbsPosition: '20',
  priceBandBps: '50',
  rateLimit: { maxOrders: 3, windowNs: 1_000_000_000n },
};

const intent = (overrides: Partial<OrderIntent> = {}): OrderIntent => ({
  symbol: 'BTC-USD',
  side: 'buy',
  quantity: '1',
  orderType: 'market',
  tsEventNs: 10_000_000_000n,
  ...overrides,
});

const context = (overrides: Partial<RiskContext> = {}): RiskContext => ({
  position: '0',
  referencePrice: '100',
  quote: { bidPrice: '99.9', askPrice: '100.1' },
  rateLimiter: EMPTY_RATE_LIMITER,
  killSwitch: 'ACTIVE',
  ...overrides,
});

describe('max order quantity', () => {
  it.each([
    ['9.99', true],
    ['10', true], // exactly at the limit passes
    ['10.0001', false],
  ])('given max 10, when quantity %s, then ok=%s', (quantity, ok) => {
    const result = checkMaxOrderQuantity(intent({ quantity }), context(), LIMITS);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.rule).toBe('max-order-quantity');
  });
});

describe('max order notional', () => {
  it.each([
    ['10', '100', true], // 1000 exactly
    ['10', '100.01', false],
    ['3', '333.33', true],
  ])('given max 1000, when %s × reference %s, then ok=%s', (quantity, referencePrice, ok) => {
    expect(checkMaxOrderNotional(intent({ quantity }), context({ referencePrice }), LIMITS).ok).toBe(ok);
  });

  it('values a limit order at its limit price', () => {
    const limit = intent({ quantity: '10', orderType: 'limit', limitPrice: '100.5' });
    const result = checkMaxOrderNotional(limit, context({ referencePrice: '1' }), LIMITS);
    expect(result).toEqual({
      ok: false,
      rule: 'max-order-notional',
      reason: expect.stringContaining('1005'),
    });
  });
});

describe('max position', () => {
  it.each([
    ['0', 'buy', '20', true], // exactly at the limit
    ['15', 'buy', '5', true],
    ['15', 'buy', '5.1', false],
    ['-15', 'sell', '6', false],
    ['-15', 'buy', '35', true], // flips to +20
    ['-15', 'buy', '36', false], // flips beyond
    ['25', 'sell', '1', true], // already beyond, reducing: allowed
    ['25', 'buy', '1', false],
    ['25', 'sell', '46', false], // flips to −21
  ] as const)('given position %s, when %s %s, then ok=%s', (position, side, quantity, ok) => {
    expect(checkMaxPosition(intent({ side, quantity }), context({ position }), LIMITS).ok).toBe(ok);
  });
});

describe('price band', () => {
  // mid 100, 50 bps → [99.5, 100.5]
  it.each([
    ['100.5', true],
    ['99.5', true],
    ['100.5001', false],
    ['99.4999', false],
  ])('given mid 100 and 50 bps, when the limit price is %s, then ok=%s', (limitPrice, ok) => {
    expect(checkPriceBand(intent({ orderType: 'limit', limitPrice }), context(), LIMITS).ok).toBe(ok);
  });

  it('checks a market order at its reference price', () => {
    expect(checkPriceBand(intent(), context({ referencePrice: '100.6' }), LIMITS).ok).toBe(false);
    expect(checkPriceBand(intent(), context({ referencePrice: '100.4' }), LIMITS).ok).toBe(true);
  });

  it('uses the exact mid of an odd spread', () => {
    // mid of 99.99/100.00 is 99.995; 50 bps of it is 0.499975 → upper bound 100.494975
    const quote = { bidPrice: '99.99', askPrice: '100' };
    expect(checkPriceBand(intent(), context({ quote, referencePrice: '100.494975' }), LIMITS).ok).toBe(true);
    expect(checkPriceBand(intent(), context({ quote, referencePrice: '100.494976' }), LIMITS).ok).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['crossed', { bidPrice: '101', askPrice: '100' }],
    ['zero bid', { bidPrice: '0', askPrice: '100' }],
  ])('given a %s quote, then it refuses', (_, quote) => {
    const ctx = context();
    if (quote === undefined) delete ctx.quote;
    else ctx.quote = quote;
    expect(checkPriceBand(intent(), ctx, LIMITS)).toMatchObject({ ok: false, rule: 'price-band' });
  });
});

describe('order rate (event time)', () => {
  const S = 1_000_000_000n;
  const sentAt = (...times: bigint[]) =>
    times.reduce((state, t) => recordOrder(state, t, LIMITS.rateLimit), EMPTY_RATE_LIMITER);

  it('given 2 orders in the window, when a 3rd comes, then it passes (exactly at the limit)', () => {
    const rateLimiter = sentAt(10n * S, 10n * S + 1n);
    expect(checkOrderRate(intent({ tsEventNs: 10n * S + 2n }), context({ rateLimiter }), LIMITS).ok).toBe(
      true,
    );
  });

  it('given 3 orders in the window, when a 4th comes, then it is refused', () => {
    const rateLimiter = sentAt(10n * S, 10n * S + 1n, 10n * S + 2n);
    const result = checkOrderRate(intent({ tsEventNs: 10n * S + 3n }), context({ rateLimiter }), LIMITS);
    expect(result).toMatchObject({ ok: false, rule: 'order-rate' });
  });

  it('given 3 orders, when the oldest is exactly one window old, then it no longer counts', () => {
    const rateLimiter = sentAt(10n * S, 10n * S + 1n, 10n * S + 2n);
    expect(checkOrderRate(intent({ tsEventNs: 11n * S - 1n }), context({ rateLimiter }), LIMITS).ok).toBe(
      false,
    );
    expect(checkOrderRate(intent({ tsEventNs: 11n * S }), context({ rateLimiter }), LIMITS).ok).toBe(true);
  });

  it('keeps only the window in its state, as JSON-safe strings', () => {
    const state = sentAt(1n * S, 2n * S, 2n * S + 5n);
    expect(state).toEqual({ sentAtNs: ['2000000000', '2000000005'] });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('kill switch', () => {
  it.each([
    ['ACTIVE', '0', 'buy', '1', true],
    ['HALTED', '5', 'sell', '1', false],
    ['HALTED', '0', 'buy', '1', false],
    ['REDUCING', '5', 'sell', '1', true],
    ['REDUCING', '5', 'sell', '5', true], // to flat
    ['REDUCING', '5', 'sell', '6', false], // crosses to short
    ['REDUCING', '5', 'buy', '1', false],
    ['REDUCING', '-5', 'buy', '2', true],
    ['REDUCING', '0', 'buy', '1', false],
  ] as const)('given %s with position %s, when %s %s, then ok=%s', (mode, position, side, quantity, ok) => {
    const result = checkKillSwitch(
      intent({ side, quantity }),
      context({ position, killSwitch: mode as KillSwitchMode }),
      LIMITS,
    );
    expect(result.ok).toBe(ok);
  });
});

describe('checkRisk', () => {
  it('passes an order within every limit', () => {
    expect(checkRisk(intent(), context(), LIMITS)).toEqual({ ok: true });
  });

  it('returns every failing rule, not just the first', () => {
    const verdict = checkRisk(
      intent({ quantity: '11', tsEventNs: 5n }),
      context({
        killSwitch: 'HALTED',
        referencePrice: '200',
        position: '15',
        rateLimiter: { sentAtNs: ['1', '2', '3'] },
      }),
      LIMITS,
    );
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.rejections.map((r) => r.rule)).toEqual([
      'kill-switch',
      'max-order-quantity',
      'max-order-notional',
      'max-position',
      'price-band',
      'order-rate',
    ]);
  });
});
