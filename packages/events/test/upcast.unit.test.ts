// Entries written by older producers stay readable: each stored example under
// test/fixtures/v<N>/ (the exact field list a v<N> producer wrote) decodes to the current
// version with the exact payload below. Fixture files are discovered, so a new one is picked
// up automatically, and every past version in the registry must have one.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type AnyEvent, decodeEvent, EVENT_SPECS, EVENT_TYPES, encodeEvent } from '../src/index.ts';
import { expectIssueAt, fieldValue, withData, withField } from './wire.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const TICK = '0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c01';
const V2_TICK = '0185f3a0-5c2e-7b1a-8c3d-4e5f6a7b8c11';

/** Fixture path (relative to test/fixtures) → the event it must decode to, exactly. */
const EXPECTED: Readonly<Record<string, AnyEvent>> = {
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

interface Fixture {
  /** e.g. `v1/market_data.quote.json` */
  readonly path: string;
  readonly version: number;
  /** The event type its name starts with: `<type>[.<variant>].json`. */
  readonly type: string;
  readonly fields: string[];
}

function loadFixtures(): Fixture[] {
  const folders = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^v\d+$/.test(entry.name))
    .map((entry) => entry.name);
  return folders.flatMap((folder) =>
    readdirSync(`${FIXTURES}${folder}`)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => ({
        path: `${folder}/${file}`,
        version: Number(folder.slice(1)),
        type: file.split('.')[0] as string,
        fields: JSON.parse(readFileSync(`${FIXTURES}${folder}/${file}`, 'utf8')) as string[],
      })),
  );
}

const fixtures = loadFixtures();

function fixture(path: string): string[] {
  const found = fixtures.find((candidate) => candidate.path === path);
  if (!found) throw new Error(`no fixture ${path}`);
  return found.fields;
}

describe('stored entries of past versions (test/fixtures/v<N>/*.json)', () => {
  it('given the fixture folders, then there are fixtures to test', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(5);
  });

  for (const { path, version, type, fields } of fixtures) {
    describe(path, () => {
      it('is a stream field list written at its folder version, of the type its name starts with', () => {
        expect(Array.isArray(fields)).toBe(true);
        for (const value of fields) expect(typeof value).toBe('string');
        expect(fields.length % 2).toBe(0);
        expect(fieldValue(fields, 'v')).toBe(String(version));
        expect(fieldValue(fields, 'type')).toBe(type);
        expect(EVENT_TYPES).toContain(type);
        expect(version).toBeLessThan(EVENT_SPECS[type as keyof typeof EVENT_SPECS].currentVersion);
      });

      it('decodes to exactly the expected current-version event', () => {
        const expected = EXPECTED[path];
        expect(expected, `add the expected decoded event of ${path} to EXPECTED`).toBeDefined();
        expect(decodeEvent(fields)).toStrictEqual(expected);
      });

      it('re-encodes at the current version and decodes back to the same event', () => {
        const event = decodeEvent(fields);
        const reencoded = encodeEvent(event);
        expect(fieldValue(reencoded, 'v')).toBe(String(EVENT_SPECS[event.type].currentVersion));
        expect(decodeEvent(reencoded)).toStrictEqual(event);
      });
    });
  }

  it('given the expectations, then each one has its fixture file (none is stale)', () => {
    expect(Object.keys(EXPECTED).sort()).toStrictEqual(fixtures.map((f) => f.path).sort());
  });

  it('given every past version in EVENT_SPECS, then each has at least one fixture of its type', () => {
    for (const type of EVENT_TYPES) {
      for (const past of EVENT_SPECS[type].past) {
        const found = fixtures.filter((f) => f.type === type && f.version === past.version);
        expect(found.length, `add test/fixtures/v${past.version}/${type}.json`).toBeGreaterThan(0);
      }
    }
  });

  for (const version of [1, 2]) {
    it(`given the market_data v${version} fixtures, then both quote and trade are covered`, () => {
      const kinds = fixtures
        .filter((f) => f.type === 'market_data' && f.version === version)
        .map((f) => (JSON.parse(fieldValue(f.fields, 'data') ?? '{}') as { kind?: string }).kind);
      expect(new Set(kinds)).toStrictEqual(new Set(['quote', 'trade']));
    });
  }
});

describe('v2 entries: sizes were required before v3', () => {
  for (const type of ['market_data', 'signal'] as const) {
    const path = `v2/${type}.${type === 'signal' ? '' : 'quote.'}json`.replace('..', '.');
    const at = type === 'signal' ? 'data.quote.' : 'data.';
    it(`given ${path} without its sizes, then it is rejected as ${type} v2 at ${at}bid_size`, () => {
      const unsized = withData(fixture(path), (d) => {
        const q = (type === 'signal' ? d.quote : d) as Record<string, unknown>;
        delete q.bid_size;
        delete q.ask_size;
      });
      const message = expectIssueAt(() => decodeEvent(unsized), `${at}bid_size`);
      expect(message).toBe(`missing (as ${type} v2)`);
      // The same payload is a valid v3 unsized quote.
      expect(() => decodeEvent(withField(unsized, 'v', '3'))).not.toThrow();
    });
  }
});

describe('v1 entries with a bad field', () => {
  const rows: readonly { path: string; edit: (data: Record<string, unknown>) => void; field: string }[] = [
    { path: 'v1/market_data.quote.json', edit: (d) => Object.assign(d, { bid: '1e3' }), field: 'data.bid' },
    { path: 'v1/market_data.quote.json', edit: (d) => delete d.exchange, field: 'data.exchange' },
    { path: 'v1/market_data.trade.json', edit: (d) => Object.assign(d, { side: 'up' }), field: 'data.side' },
    { path: 'v1/market_data.trade.json', edit: (d) => Object.assign(d, { size: '0' }), field: 'data.size' },
    { path: 'v1/signal.json', edit: (d) => Object.assign(d, { direction: 'up' }), field: 'data.direction' },
    { path: 'v1/signal.json', edit: (d) => Object.assign(d, { strategy: '' }), field: 'data.strategy' },
    { path: 'v1/order.json', edit: (d) => Object.assign(d, { price: '0' }), field: 'data.price' },
    { path: 'v1/order.market.json', edit: (d) => delete d.price, field: 'data.price' },
    { path: 'v1/order.json', edit: (d) => Object.assign(d, { status: 'OPEN' }), field: 'data.status' },
    { path: 'v1/fill.json', edit: (d) => Object.assign(d, { is_maker: 'yes' }), field: 'data.is_maker' },
    { path: 'v1/fill.json', edit: (d) => delete d.fee, field: 'data.fee' },
    { path: 'v1/fill.json', edit: (d) => Object.assign(d, { fee: '-1' }), field: 'data.fee' },
  ];
  for (const { path, edit, field } of rows) {
    const type = path.slice(3).split('.')[0] as string;
    it(`given ${path} with a bad ${field}, then it is located at ${field} "(as ${type} v1)"`, () => {
      const message = expectIssueAt(() => decodeEvent(withData(fixture(path), edit)), field);
      expect(message).toContain(`(as ${type} v1)`);
    });
  }

  it('given a v1 entry carrying a v2-shaped payload, then the v2 names are not fields of v1', () => {
    const v2Payload = encodeEvent(decodeEvent(fixture('v1/market_data.quote.json')));
    const message = expectIssueAt(() => decodeEvent(withField(v2Payload, 'v', '1')), 'data.bid_price');
    expect(message).toBe('not a field of this type (as market_data v1)');
  });

  it('given a v2 entry carrying a v1-shaped payload, then it is rejected against v2 (no v1 note)', () => {
    const message = expectIssueAt(
      () => decodeEvent(withField(fixture('v1/fill.json'), 'v', '2')),
      'data.fee',
    );
    expect(message).toBe('not a field of this type');
  });

  it('given a v1 entry whose key differs from data.symbol, then it is located at key', () => {
    expectIssueAt(() => decodeEvent(withField(fixture('v1/order.json'), 'key', 'ETHUSDT')), 'key');
  });
});
