// The malformed-field tables of codec-rejects: one valid base entry per payload shape, and
// for each envelope and payload field the bad values that must be rejected at that field.
import { type AnyEvent, type EventType, encodeEvent } from '../src/index.ts';
import { deletePath, REQUIRED_ENVELOPE, setPath, withData, withField, withoutField } from './wire.ts';

export const ID = '0190f1e2-8a4b-7c3d-9e5f-a1b2c3d4e5f6';
export const CORR = '0190f1e2-8a4b-7c3d-9e5f-a1b2c3d4e5f0';
export const CAUSE = '0190f1e2-8a4b-7c3d-9e5f-a1b2c3d4e5f1';
export const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
export const TRACESTATE = 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE';

export function baseEvent<T extends EventType>(type: T, data: AnyEvent['data']): AnyEvent {
  return {
    id: ID,
    type,
    key: data.symbol,
    ts_event: 1_582_329_600_123_456_789n,
    ts_init: 1_582_329_600_200_000_000n,
    corr: CORR,
    cause: CAUSE,
    traceparent: TRACEPARENT,
    tracestate: TRACESTATE,
    data,
  } as AnyEvent;
}

/** One valid event per shape, with every optional field present so each can be spoiled. */
export const BASES = {
  quote: baseEvent('market_data', {
    kind: 'quote',
    symbol: 'BTCUSDT',
    venue: 'binance',
    bid_price: '65000.1',
    bid_size: '0.5',
    ask_price: '65000.2',
    ask_size: '1.25',
  }),
  trade: baseEvent('market_data', {
    kind: 'trade',
    symbol: 'ETHUSDT',
    venue: 'binance',
    price: '3500.01',
    size: '2',
    aggressor_side: 'buy',
    trade_id: 't-1',
  }),
  signal: baseEvent('signal', {
    symbol: 'BTCUSDT',
    signal: 'long',
    strength: '0.75',
    strategy_id: 'sma-cross',
    reason: 'SMA(5) crossed above SMA(20)',
    quote: { bid_price: '65000.1', bid_size: '0.5', ask_price: '65000.2', ask_size: '1.25' },
  }),
  limitOrder: baseEvent('order', {
    order_id: 'o-1',
    client_order_id: 'c-1',
    symbol: 'BTCUSDT',
    side: 'buy',
    quantity: '0.5',
    order_type: 'limit',
    limit_price: '65000',
    time_in_force: 'GTC',
    status: 'PARTIALLY_FILLED',
    filled_quantity: '0.2',
    avg_fill_price: '64999.5',
    strategy_id: 'sma-cross',
    reason: 'entry',
  }),
  marketOrder: baseEvent('order', {
    order_id: 'o-2',
    client_order_id: 'c-2',
    symbol: 'BTCUSDT',
    side: 'sell',
    quantity: '1',
    order_type: 'market',
    time_in_force: 'IOC',
    status: 'NEW',
    filled_quantity: '0',
  }),
  fill: baseEvent('fill', {
    order_id: 'o-1',
    execution_id: 'x-1',
    symbol: 'BTCUSDT',
    side: 'buy',
    quantity: '0.2',
    price: '64999.5',
    commission: '0.0001',
    commission_asset: 'BTC',
    liquidity: 'maker',
    venue: 'binance',
  }),
} as const;

export const encoded = (base: keyof typeof BASES): string[] => encodeEvent(BASES[base]);

export interface Row {
  readonly name: string;
  readonly fields: readonly string[];
  readonly field: string;
}

// ---- envelope fields --------------------------------------------------------------------

export const UUID_UPPER = ID.toUpperCase();
export const BAD_TIMESTAMPS = [
  '',
  '-1',
  '1.5',
  '1e9',
  '0x10',
  ' 1',
  'abc',
  '9223372036854775808', // 2^63: one past the largest signed 64-bit value
  '99999999999999999999', // 20 digits
];
export const BAD_ENVELOPE_VALUES: Readonly<Record<string, readonly string[]>> = {
  id: ['', 'not-a-uuid', UUID_UPPER, ID.replaceAll('-', ''), '0190f1e2-8a4b-0c3d-9e5f-a1b2c3d4e5f6'],
  type: ['', 'trade', 'MARKET_DATA', 'market_data '],
  v: ['', '0', '-1', '2.0', 'v2', '02', '4', '1000000'],
  key: ['', ' BTCUSDT', 'BTC USDT', 'ÄÖÜ', 'X'.repeat(65), 'ETHUSDT'],
  ts_event: BAD_TIMESTAMPS,
  ts_init: BAD_TIMESTAMPS,
  corr: ['', 'nope', UUID_UPPER],
  cause: ['', 'nope', UUID_UPPER],
  traceparent: [
    '',
    '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
    '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    TRACEPARENT.toUpperCase(),
    '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7',
  ],
  tracestate: [
    '',
    ' ',
    ',',
    'Rojo=1',
    '1abc=x',
    'rojo',
    'rojo=',
    'rojo=a=b',
    'rojo=x\n',
    'rojo=x,congo',
    'rojo=\u00e9',
    'rojo=x;congo=y',
    `a=${'x'.repeat(257)}`,
    `${'k'.repeat(257)}=v`,
    Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(','),
    `a=${'x'.repeat(200)},b=${'x'.repeat(200)},c=${'x'.repeat(200)}`,
  ],
  data: ['', 'not json', '{', '{"kind":"quote",}', 'null', '5', '"quote"', '[]'],
};

export const envelopeRows: Row[] = [
  ...Object.entries(BAD_ENVELOPE_VALUES).flatMap(([field, values]) =>
    values.map((value) => ({
      name: `${field} = ${JSON.stringify(value)}`,
      fields: withField(encoded('quote'), field, value),
      field,
    })),
  ),
  ...REQUIRED_ENVELOPE.map((field) => ({
    name: `${field} missing`,
    fields: withoutField(encoded('quote'), field),
    field,
  })),
];

// ---- payload fields ---------------------------------------------------------------------

export const NOT_DECIMALS: unknown[] = [
  'abc',
  '1e5',
  '+1',
  '01',
  '1.',
  '.5',
  '-0',
  '-0.00',
  '1 ',
  1.5,
  null,
  '9'.repeat(39),
];
export const NOT_IDENTIFIERS: unknown[] = ['', 'a b', 'é', 'x'.repeat(129), 7, null];
export const NOT_SYMBOLS: unknown[] = ['', '-BTC', 'BTC USDT', 'ÄÖÜ', 'X'.repeat(65), 42];

/** For each shape: payload path → bad values. */
export const BAD_PAYLOAD_VALUES: Readonly<
  Record<keyof typeof BASES, Readonly<Record<string, readonly unknown[]>>>
> = {
  quote: {
    kind: ['bogus', 'QUOTE', 5, null],
    symbol: NOT_SYMBOLS,
    venue: NOT_IDENTIFIERS,
    bid_price: NOT_DECIMALS,
    bid_size: [...NOT_DECIMALS, '-1'],
    ask_price: NOT_DECIMALS,
    ask_size: ['-0.5', 'x', 1],
  },
  trade: {
    symbol: NOT_SYMBOLS,
    venue: NOT_IDENTIFIERS,
    price: NOT_DECIMALS,
    size: ['0', '0.000', '-1', 'x', 2],
    aggressor_side: ['up', 'BUY', null, true],
    trade_id: NOT_IDENTIFIERS,
  },
  signal: {
    symbol: NOT_SYMBOLS,
    signal: ['buy', 'LONG', '', null],
    strength: ['1.5', '-0.5', '2', '1.01', '-0', 'abc', 0.5, '01'],
    strategy_id: NOT_IDENTIFIERS,
    reason: ['x'.repeat(513), 5, null],
    quote: [5, 'quote', null, []],
    'quote.bid_price': NOT_DECIMALS,
    'quote.bid_size': ['-1', 'x'],
    'quote.ask_price': ['x', 1],
    'quote.ask_size': ['-0.1'],
  },
  limitOrder: {
    order_id: NOT_IDENTIFIERS,
    client_order_id: NOT_IDENTIFIERS,
    symbol: NOT_SYMBOLS,
    side: ['long', 'BUY', null],
    quantity: ['0', '-1', 'x'],
    order_type: ['stop', 'LIMIT', null],
    limit_price: ['0', '-1', 'abc', 65000],
    time_in_force: ['GTD', 'gtc', null],
    status: ['OPEN', 'new', 'FILLED ', null],
    filled_quantity: ['-1', 'x', 0],
    avg_fill_price: ['0', '-1', 'x'],
    strategy_id: NOT_IDENTIFIERS,
    reason: ['x'.repeat(513), 5],
  },
  marketOrder: {
    quantity: ['0'],
    time_in_force: ['NOW'],
  },
  fill: {
    order_id: NOT_IDENTIFIERS,
    execution_id: NOT_IDENTIFIERS,
    symbol: NOT_SYMBOLS,
    side: ['both', null],
    quantity: ['0', '-1', 'x'],
    price: ['0', '-1', 'x'],
    commission: ['-0.1', 'x', 0.1],
    commission_asset: NOT_IDENTIFIERS,
    liquidity: ['both', 'MAKER', true, null],
    venue: NOT_IDENTIFIERS,
    strategy_id: NOT_IDENTIFIERS,
  },
};

/** Payload paths that must be present; the rest are optional. */
export const REQUIRED_PAYLOAD: Readonly<Record<keyof typeof BASES, readonly string[]>> = {
  quote: ['kind', 'symbol', 'venue', 'bid_price', 'bid_size', 'ask_price', 'ask_size'],
  trade: ['kind', 'symbol', 'venue', 'price', 'size', 'aggressor_side'],
  signal: [
    'symbol',
    'signal',
    'strength',
    'strategy_id',
    'reason',
    'quote.bid_price',
    'quote.bid_size',
    'quote.ask_price',
    'quote.ask_size',
  ],
  // limit_price is required of limit orders only: see the order-type rules below.
  limitOrder: [
    'order_id',
    'client_order_id',
    'symbol',
    'side',
    'quantity',
    'order_type',
    'time_in_force',
    'status',
    'filled_quantity',
  ],
  marketOrder: ['order_type', 'time_in_force', 'status'],
  fill: [
    'order_id',
    'execution_id',
    'symbol',
    'side',
    'quantity',
    'price',
    'commission',
    'commission_asset',
    'liquidity',
    'venue',
  ],
};

export const shapes = Object.keys(BASES) as (keyof typeof BASES)[];

export const payloadRows: Row[] = shapes.flatMap((shape) => [
  ...Object.entries(BAD_PAYLOAD_VALUES[shape]).flatMap(([path, values]) =>
    values.map((value) => ({
      name: `${shape}: data.${path} = ${JSON.stringify(value).slice(0, 30)}`,
      fields: withData(encoded(shape), (data) => setPath(data, path, value)),
      field: `data.${path}`,
    })),
  ),
  ...REQUIRED_PAYLOAD[shape].map((path) => ({
    name: `${shape}: data.${path} missing`,
    fields: withData(encoded(shape), (data) => deletePath(data, path)),
    field: `data.${path}`,
  })),
  {
    name: `${shape}: unknown extra payload key data.colour`,
    fields: withData(encoded(shape), (data) => setPath(data, 'colour', 'blue')),
    field: 'data.colour',
  },
]);
