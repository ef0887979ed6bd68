// mean-reversion, given hand-built mids (bid = mid − 1, ask = mid + 1) and a window of 4,
// where the largest |z| a window can give is sqrt(3) ≈ 1.732.
import type { Signal } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { meanReversion, StrategyParamsError } from '../src/index.ts';
import { captureError } from './support/capture-error.ts';
import { quotesAtMids, tradeEvent } from './support/market-data.ts';

const PARAMS = { window: 4, entryZ: 1.5, exitZ: 0.5 };

function signalsFor(mids: readonly number[], params: object = PARAMS): Signal[][] {
  const strategy = meanReversion.create(params);
  return quotesAtMids(mids).map((event) => strategy.handle(event));
}

const signal = (kind: Signal['signal'], strength: string, reason: string, mid: number): Signal => ({
  symbol: 'BTCUSDT',
  signal: kind,
  strength,
  strategy_id: 'mean-reversion',
  reason,
  quote: { bid_price: String(mid - 1), bid_size: '1', ask_price: String(mid + 1), ask_size: '1' },
});

describe('mean-reversion', () => {
  it('given a stretch up, a return, a stretch down and a hold, then it emits short, flat, long and nothing else', () => {
    const mids = [100, 100, 100, 100, 104, 104, 102, 96, 110];
    expect(signalsFor(mids)).toEqual([
      [],
      [],
      [],
      [], // flat window: z = 0, already flat
      // window 100 100 100 104: mean 101, std √3, z = √3
      [signal('short', '0.5774', 'z=1.732 >= entryZ 1.5: mid 104 vs mean 101 over 4 quotes', 104)],
      [], // window 100 100 104 104: z = 1, between exitZ and entryZ: hold
      // window 100 104 104 102: mean 102.5, std √2.75, z = −0.302
      [signal('flat', '0.1005', 'z=-0.302 within exitZ 0.5: mid 102 vs mean 102.5 over 4 quotes', 102)],
      // window 104 104 102 96: mean 101.5, std √10.75, z = −1.677
      [signal('long', '0.5592', 'z=-1.677 <= -entryZ 1.5: mid 96 vs mean 101.5 over 4 quotes', 96)],
      [], // window 104 102 96 110: mean 103, std 5, z = 1.4: hold long
    ]);
  });

  it('given a long stretch one way, then it signals once, not on every stretched tick', () => {
    const signals = signalsFor([100, 100, 100, 100, 104, 104, 110, 120, 135]).flat();
    expect(signals.map((s) => s.signal)).toEqual(['short']);
  });

  it('given a jump straight from one extreme to the other, then it turns from long to short directly', () => {
    const signals = signalsFor([100, 100, 100, 100, 96, 96, 120]).flat();
    expect(signals.map((s) => s.signal)).toEqual(['long', 'short']);
  });

  it('given |z| within exitZ while flat, then it emits nothing', () => {
    expect(signalsFor([100, 101, 100, 101, 100, 101, 100]).flat()).toEqual([]);
  });

  it('given |z| far beyond 2·entryZ, then the strength is capped at "1"', () => {
    const window = 50;
    const mids = [...Array.from({ length: window - 1 }, () => 100), 200];
    const [last] = signalsFor(mids, { window, entryZ: 2, exitZ: 0.5 }).flat();
    // z = √49 = 7 ≥ 2·entryZ
    expect(last).toMatchObject({
      signal: 'short',
      strength: '1',
      reason: expect.stringMatching(/^z=7\.000 >= entryZ 2/),
    });
  });

  it('given trades, then they do not move the z-score', () => {
    const strategy = meanReversion.create(PARAMS);
    const signals = [
      ...quotesAtMids([100, 100, 100]),
      tradeEvent({ seq: 3, price: '500' }),
      ...quotesAtMids([100], 'BTCUSDT', 4),
    ].flatMap((event) => strategy.handle(event));
    expect(signals).toEqual([]);
  });

  it('given no params, then window is 50, entryZ 2 and exitZ 0.5', () => {
    expect(meanReversion.create().params).toEqual({ window: 50, entryZ: 2, exitZ: 0.5 });
  });

  it('given exitZ not below entryZ, then create throws StrategyParamsError saying so', () => {
    const error = captureError(() => meanReversion.create({ entryZ: 1, exitZ: 1 }));
    expect(error).toBeInstanceOf(StrategyParamsError);
    expect(error).toMatchObject({
      issues: [{ param: 'exitZ', message: 'must be less than entryZ (1), got 1' }],
    });
  });

  it('given a window below 2 and a non-positive entryZ, then every problem is listed', () => {
    const error = captureError(() => meanReversion.create({ window: 1, entryZ: 0, exitZ: -1 }));
    expect(error).toMatchObject({
      issues: [
        { param: 'window', message: 'expected at least 2 (a std needs two values)' },
        { param: 'entryZ', message: 'expected above 0' },
        { param: 'exitZ', message: 'expected 0 or more' },
      ],
    });
  });
});
