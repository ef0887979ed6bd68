// The SDK around a strategy's own code: params, per-symbol state, symbol filtering, what
// it adds to each emitted signal, the event-time clock, and snapshot/restore.
import type { MarketDataEvent } from '@tickflow/events';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineStrategy,
  InvalidSignalError,
  InvalidSnapshotError,
  Sma,
  StateNotSnapshotableError,
  type StrategyContext,
  StrategyParamsError,
} from '../src/index.ts';
import { captureError } from './support/capture-error.ts';
import { quoteEvent, tradeEvent, tsOf } from './support/market-data.ts';

/** Emits on every event: what it saw, so the tests can check what the SDK adds. */
const echo = defineStrategy({
  name: 'echo',
  params: z.strictObject({ strength: z.string().default('0.5'), every: z.int().min(1).default(1) }),
  initialState: (_params, symbol) => ({
    symbol,
    seen: 0,
    lastAt: undefined as bigint | undefined,
    sma: new Sma(2),
    history: [] as string[],
  }),
  onMarketData(ctx, event) {
    ctx.state.seen += 1;
    ctx.state.lastAt = ctx.clock.now();
    if (event.data.kind === 'trade') ctx.state.sma.update(Number(event.data.price));
    ctx.state.history.push(event.data.kind);
    if (ctx.state.seen % ctx.params.every === 0) {
      ctx.emit({
        signal: 'long',
        strength: ctx.params.strength,
        reason: `event ${ctx.state.seen} at ${ctx.clock.now()}`,
      });
    }
  },
});

const btcQuote = (seq: number, bid = '100', ask = '101') => quoteEvent({ seq, bid, ask });

describe('defineStrategy: params', () => {
  it('given no params, then create applies the schema defaults', () => {
    expect(echo.create().params).toEqual({ strength: '0.5', every: 1 });
  });

  it('given bad and unknown params, then create throws StrategyParamsError listing every one', () => {
    const error = captureError(() => echo.create({ every: 0, strenght: '1' }));
    expect(error).toBeInstanceOf(StrategyParamsError);
    expect(error).toMatchObject({
      code: 'INVALID_STRATEGY_PARAMS',
      strategy: 'echo',
      issues: [
        { param: 'every', message: expect.stringMatching(/>=1|at least|too small/i) },
        { param: 'strenght', message: 'not a parameter' },
      ],
    });
    expect((error as Error).message).toMatch(
      /^echo: invalid params \(2 problems\): every: .*; strenght: not a parameter$/,
    );
  });

  it('given a name or id that cannot be a strategy_id, then it throws RangeError', () => {
    expect(() => defineStrategy({ ...echoConfigOf('has space') })).toThrow(/strategy name must be/);
    expect(() => echo.create({}, { id: '' })).toThrow(/strategy id must be/);
  });
});

describe('defineStrategy: handling events', () => {
  it('given a quote, then the signal carries symbol, strategy_id and that quote, in emit order', () => {
    const strategy = echo.create({}, { id: 'echo-fast' });
    expect(strategy.handle(btcQuote(0))).toEqual([
      {
        symbol: 'BTCUSDT',
        signal: 'long',
        strength: '0.5',
        strategy_id: 'echo-fast',
        reason: `event 1 at ${tsOf(0)}`,
        quote: { bid_price: '100', bid_size: '1', ask_price: '101', ask_size: '1' },
      },
    ]);
  });

  it('given a trade after quotes, then the signal carries the latest quote', () => {
    const strategy = echo.create();
    strategy.handle(btcQuote(0, '100', '101'));
    strategy.handle(btcQuote(1, '102', '103'));
    const [signal] = strategy.handle(tradeEvent({ seq: 2, price: '102.5' }));
    expect(signal?.quote).toEqual({ bid_price: '102', bid_size: '1', ask_price: '103', ask_size: '1' });
  });

  it('given a trade before any quote, then the signal has no quote', () => {
    const [signal] = echo.create().handle(tradeEvent({ seq: 0, price: '100' }));
    expect(signal).toBeDefined();
    expect(signal).not.toHaveProperty('quote');
  });

  it('given a symbols list, then events of other symbols give [] and create no state', () => {
    const onlyEth = defineStrategy({ ...echoConfigOf('only-eth'), symbols: ['ETHUSDT'] }).create();
    expect(onlyEth.handle(btcQuote(0))).toEqual([]);
    expect(onlyEth.handle(quoteEvent({ seq: 1, symbol: 'ETHUSDT', bid: '10', ask: '11' }))).toHaveLength(1);
    expect(onlyEth.snapshot().symbols.map((entry) => entry.symbol)).toEqual(['ETHUSDT']);
  });

  it('given two symbols, then each has its own state', () => {
    const strategy = echo.create();
    strategy.handle(btcQuote(0));
    strategy.handle(btcQuote(1));
    const [eth] = strategy.handle(quoteEvent({ seq: 2, symbol: 'ETHUSDT', bid: '10', ask: '11' }));
    expect(eth?.reason).toBe(`event 1 at ${tsOf(2)}`);
  });

  it('given an emit with a strength above 1, then handle throws InvalidSignalError naming the field', () => {
    const strategy = echo.create({ strength: '1.5' });
    const error = captureError(() => strategy.handle(btcQuote(0)));
    expect(error).toBeInstanceOf(InvalidSignalError);
    expect(error).toMatchObject({ code: 'INVALID_SIGNAL' });
    expect((error as Error).message).toMatch(
      /^echo: emitted an invalid signal: strength: expected a strength from 0 to 1/,
    );
  });

  it('given a strategy that assigns ctx.state, then the new state is kept', () => {
    const counter = defineStrategy({
      name: 'counter',
      params: z.object({}),
      initialState: () => 0,
      onMarketData(ctx) {
        ctx.state += 1;
        ctx.emit({ signal: 'flat', strength: '0', reason: `n=${ctx.state}` });
      },
    }).create();
    counter.handle(btcQuote(0));
    expect(counter.handle(btcQuote(1))[0]?.reason).toBe('n=2');
  });

  it('given an emit after onMarketData returned, then it throws instead of attaching to no tick', () => {
    let stored: StrategyContext<unknown, unknown> | undefined;
    const leaky = defineStrategy({
      name: 'leaky',
      params: z.object({}),
      initialState: () => ({}),
      onMarketData(ctx) {
        stored = ctx;
      },
    }).create();
    leaky.handle(btcQuote(0));
    expect(() => stored?.emit({ signal: 'long', strength: '1', reason: '' })).toThrow(
      /after onMarketData returned/,
    );
  });

  it('given an initial state that cannot be snapshotted, then the first event fails, naming the path', () => {
    const bad = defineStrategy({
      name: 'bad',
      params: z.object({}),
      initialState: () => ({ bySymbol: new Map<string, number>() }),
      onMarketData() {},
    }).create();
    expect(() => bad.handle(btcQuote(0))).toThrow(StateNotSnapshotableError);
    expect(() => bad.handle(btcQuote(0))).toThrow(/state\.bySymbol: a Map/);
  });
});

describe('defineStrategy: snapshot and restore', () => {
  const events: MarketDataEvent[] = [
    btcQuote(0),
    tradeEvent({ seq: 1, price: '100.5' }),
    quoteEvent({ seq: 2, symbol: 'ETHUSDT', bid: '10', ask: '11' }),
    tradeEvent({ seq: 3, price: '101' }),
    btcQuote(4, '101', '102'),
    tradeEvent({ seq: 5, price: '103' }),
  ];

  it('given a snapshot through JSON text, when restored into a fresh instance, then it continues exactly', () => {
    const uninterrupted = echo.create({ every: 2 });
    const first = echo.create({ every: 2 });
    for (const event of events.slice(0, 3)) {
      uninterrupted.handle(event);
      first.handle(event);
    }
    const restored = echo.create({ every: 2 });
    restored.restore(JSON.parse(JSON.stringify(first.snapshot())));
    expect(restored.snapshot()).toEqual(first.snapshot());
    for (const event of events.slice(3)) expect(restored.handle(event)).toEqual(uninterrupted.handle(event));
    expect(restored.snapshot()).toEqual(uninterrupted.snapshot());
  });

  it('given a snapshot, then it is plain JSON with symbols in first-seen order, indicators and bigints tagged', () => {
    const strategy = echo.create();
    for (const event of events.slice(0, 3)) strategy.handle(event);
    const snapshot = strategy.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot).toMatchObject({
      format: 1,
      strategy: 'echo',
      id: 'echo',
      params: { strength: '0.5', every: 1 },
    });
    expect(snapshot.symbols.map((entry) => entry.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(snapshot.symbols[0]?.state).toMatchObject({
      lastAt: { $type: 'bigint', value: String(tsOf(1)) },
      sma: { $type: 'indicator', snapshot: { kind: 'sma', period: 2, window: [100.5] } },
    });
  });

  it.each([
    ['another strategy', { strategy: 'other' }, /snapshot of strategy "other"/],
    ['another id', { id: 'echo-2' }, /strategy id "echo-2", not "echo"/],
    ['other params', { params: { strength: '0.5', every: 3 } }, /taken with params/],
    ['an unknown format', { format: 2 }, /format/],
    ['a duplicated symbol', 'duplicate', /symbol "BTCUSDT" appears twice/],
    ['a corrupted state', 'corrupt', /BTCUSDT\.state\.sma: not a sma snapshot/],
  ])(
    'given a snapshot of %s, then restore throws InvalidSnapshotError and keeps the running state',
    (_, change, message) => {
      const strategy = echo.create();
      strategy.handle(btcQuote(0));
      const before = strategy.snapshot();
      const snapshot = JSON.parse(JSON.stringify(before));
      if (change === 'duplicate') snapshot.symbols.push(snapshot.symbols[0]);
      else if (change === 'corrupt') snapshot.symbols[0].state.sma.snapshot.period = -1;
      else Object.assign(snapshot, change);
      const error = captureError(() => strategy.restore(snapshot));
      expect(error).toBeInstanceOf(InvalidSnapshotError);
      expect(error).toMatchObject({ code: 'INVALID_STRATEGY_SNAPSHOT' });
      expect((error as Error).message).toMatch(message);
      expect(strategy.snapshot()).toEqual(before);
    },
  );

  it('given a snapshot holding a symbol outside the symbols list, then restore refuses it', () => {
    const all = echo.create();
    all.handle(btcQuote(0));
    const onlyEth = defineStrategy({ ...echoConfigOf('echo'), symbols: ['ETHUSDT'] }).create();
    expect(() => onlyEth.restore(all.snapshot())).toThrow(/"BTCUSDT" is not one of this strategy's symbols/);
  });

  it('given an edit to a taken snapshot, then the running strategy is unaffected', () => {
    const strategy = echo.create();
    strategy.handle(btcQuote(0));
    const snapshot = strategy.snapshot();
    (snapshot.params as { every: number }).every = 99;
    expect(strategy.snapshot().params).toEqual({ strength: '0.5', every: 1 });
  });
});

function echoConfigOf(name: string) {
  return {
    name,
    params: z.strictObject({ strength: z.string().default('0.5'), every: z.int().min(1).default(1) }),
    initialState: () => ({ seen: 0, sma: new Sma(2) }),
    onMarketData(ctx: StrategyContext<{ strength: string; every: number }, { seen: number; sma: Sma }>) {
      ctx.state.seen += 1;
      ctx.emit({ signal: 'short' as const, strength: ctx.params.strength, reason: `seen ${ctx.state.seen}` });
    },
  };
}
