// What each stored example under test/fixtures/v<N>/ must decode to, exactly (at the current
// version): the expectations of upcast.unit.test.ts, kept apart from its tests.
import type { AnyEvent } from '../src/index.ts';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const TICK = '0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c01';
const V2_TICK = '0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c11';

/** Fixture path (relative to test/fixtures) → the event it must decode to, exactly. */
export const EXPECTED: Readonly<Record<string, AnyEvent>> = {
  'v1/market_data.quote.json': {
    id: TICK,
    type: 'market_data',
    key: 'BTCUSDT',
    ts_event: 1_672_531_200_000_000_000n,
    ts_init: 1_672_531_200_001_000_000n,
    corr: TICK,
    data: {
      kind: 'quote',
      symbol: 'BTCUSDT',
      venue: 'binance',
      bid_price: '16541.77',
      bid_size: '0.00120',
      ask_price: '16541.78',
      ask_size: '1.5',
    },
  },
  'v1/market_data.trade.json': {
    id: '0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c02',
    type: 'market_data',
    key: 'ETHUSDT',
    ts_event: 1_672_531_200_500_000_000n,
    ts_init: 1_672_531_200_500_250_000n,
    corr: '0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c02',
    traceparent: TRACEPARENT,
    data: {
      kind: 'trade',
      symbol: 'ETHUSDT',
      venue: 'coinbase',
      price: '1196.5',
      size: '0.000000012345678901',
      aggressor_side: 'unknown', // v1 side null
    },
  },
  'v1/market_data.trade-sided.json': {
    id: '0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c03',
    type: 'market_data',
    key: 'ETHUSDT',
    ts_event: 1_672_531_200_600_000_000n,
    ts_init: 1_672_531_200_600_100_000n,
    corr: '0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c03',
    data: {
      kind: 'trade',
      symbol: 'ETHUSDT',
      venue: 'coinbase',
      price: '1196.75',
      size: '3',
      aggressor_side: 'sell',
    },
  },
  'v1/signal.json': {
    id: '6a0f6c3e-2d1b-5f4a-9e8d-7c6b5a493821',
    type: 'signal',
    key: 'BTCUSDT',
    ts_event: 1_672_531_200_000_000_000n,
    ts_init: 1_672_531_200_002_000_000n,
    corr: TICK,
    cause: TICK,
    traceparent: TRACEPARENT,
    data: {
      symbol: 'BTCUSDT',
      signal: 'long',
      strength: '1', // every v1 signal was all-in
      strategy_id: 'sma-cross',
      reason: 'SMA(5) crossed above SMA(20)',
    },
  },
  'v1/signal.no-reason.json': {
    id: '6a0f6c3e-2d1b-5f4a-9e8d-7c6b5a493822',
    type: 'signal',
    key: 'BTCUSDT',
    ts_event: 1_672_531_200_000_000_000n,
    ts_init: 1_672_531_200_002_500_000n,
    corr: TICK,
    cause: TICK,
    data: { symbol: 'BTCUSDT', signal: 'flat', strength: '1', strategy_id: 'mean-revert', reason: '' },
  },
  'v1/order.json': {
    id: 'b7e3a1d2-4c5f-5a6b-8c7d-9e0f1a2b3c41',
    type: 'order',
    key: 'BTCUSDT',
    ts_event: 1_672_531_200_000_000_000n,
    ts_init: 1_672_531_200_003_000_000n,
    corr: TICK,
    cause: '6a0f6c3e-2d1b-5f4a-9e8d-7c6b5a493821',
    data: {
      order_id: 'ord-1001',
      client_order_id: 'tf-1001',
      symbol: 'BTCUSDT',
      side: 'buy',
      quantity: '0.25',
      order_type: 'limit',
      limit_price: '16540', // v1 price
      time_in_force: 'GTC', // every v1 order was GTC
      status: 'FILLED',
      filled_quantity: '0.25', // FILLED: all of it
      reason: 'filled at venue',
    },
  },
  'v1/order.market.json': {
    id: 'b7e3a1d2-4c5f-5a6b-8c7d-9e0f1a2b3c42',
    type: 'order',
    key: 'BTCUSDT',
    ts_event: 1_672_531_200_000_000_000n,
    ts_init: 1_672_531_200_003_500_000n,
    corr: TICK,
    cause: '6a0f6c3e-2d1b-5f4a-9e8d-7c6b5a493822',
    data: {
      order_id: 'ord-1002',
      client_order_id: 'tf-1002',
      symbol: 'BTCUSDT',
      side: 'sell',
      quantity: '1.5',
      order_type: 'market', // v1 price null: no limit_price
      time_in_force: 'GTC',
      status: 'NEW',
      filled_quantity: '0',
    },
  },
  // v2 → v3 is the identity: a v2 quote has both sizes, a v2 signal's quote too.
  'v2/market_data.quote.json': {
    id: V2_TICK,
    type: 'market_data',
    key: 'EURUSD',
    ts_event: 1_357_077_600_295_000_000n,
    ts_init: 1_357_077_600_296_000_000n,
    corr: V2_TICK,
    data: {
      kind: 'quote',
      symbol: 'EURUSD',
      venue: 'dukascopy',
      bid_price: '1.32014',
      bid_size: '2.25',
      ask_price: '1.32029',
      ask_size: '0',
    },
  },
  'v2/market_data.trade.json': {
    id: '0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c12',
    type: 'market_data',
    key: 'BTCUSDT',
    ts_event: 1_672_531_201_000_000_000n,
    ts_init: 1_672_531_201_000_400_000n,
    corr: '0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c12',
    data: {
      kind: 'trade',
      symbol: 'BTCUSDT',
      venue: 'binance',
      price: '16542.1',
      size: '0.004',
      aggressor_side: 'buy',
      trade_id: '2493108553',
    },
  },
  'v2/signal.json': {
    id: '6a0f6c3e-2d1b-5f4a-9e8d-7c6b5a493831',
    type: 'signal',
    key: 'EURUSD',
    ts_event: 1_357_077_600_295_000_000n,
    ts_init: 1_357_077_600_297_000_000n,
    corr: V2_TICK,
    cause: V2_TICK,
    data: {
      symbol: 'EURUSD',
      signal: 'short',
      strength: '0.5',
      strategy_id: 'mean-revert',
      reason: 'z 2.4 above entry 2',
      quote: { bid_price: '1.32014', bid_size: '2.25', ask_price: '1.32029', ask_size: '0' },
    },
  },
  'v1/fill.json': {
    id: 'c8f4b2e3-5d6a-5b7c-9d8e-0f1a2b3c4d51',
    type: 'fill',
    key: 'BTCUSDT',
    ts_event: 1_672_531_200_010_000_000n,
    ts_init: 1_672_531_200_010_500_000n,
    corr: TICK,
    cause: 'b7e3a1d2-4c5f-5a6b-8c7d-9e0f1a2b3c41',
    data: {
      order_id: 'ord-1001',
      execution_id: 'exec-77',
      symbol: 'BTCUSDT',
      side: 'buy',
      quantity: '0.25',
      price: '16540',
      commission: '0.00025', // v1 fee
      commission_asset: 'BNB', // v1 fee_asset
      liquidity: 'maker', // v1 is_maker true
      venue: 'binance',
    },
  },
  'v1/fill.taker.json': {
    id: 'c8f4b2e3-5d6a-5b7c-9d8e-0f1a2b3c4d52',
    type: 'fill',
    key: 'BTCUSDT',
    ts_event: 1_672_531_200_020_000_000n,
    ts_init: 1_672_531_200_020_500_000n,
    corr: TICK,
    cause: 'b7e3a1d2-4c5f-5a6b-8c7d-9e0f1a2b3c42',
    data: {
      order_id: 'ord-1002',
      execution_id: 'exec-78',
      symbol: 'BTCUSDT',
      side: 'sell',
      quantity: '1.5',
      price: '16541.5',
      commission: '0',
      commission_asset: 'USDT',
      liquidity: 'taker', // v1 is_maker false
      venue: 'binance',
    },
  },
};
