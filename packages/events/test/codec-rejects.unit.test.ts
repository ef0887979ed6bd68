import { describe, expect, it } from 'vitest';
import {
  type AnyEvent,
  decodeEvent,
  EVENT_SPECS,
  EVENT_TYPES,
  type EventType,
  encodeEvent,
} from '../src/index.ts';
import {
  deletePath,
  expectIssueAt,
  fieldValue,
  invalidEventErrorOf,
  REQUIRED_ENVELOPE,
  setPath,
  withData,
  withField,
  withoutField,
} from './wire.ts';

const ID = '0190f1e2-8a4b-7c3d-9e5f-a1b2c3d4e5f6';
const CORR = '0190f1e2-8a4b-7c3d-9e5f-a1b2c3d4e5f0';
const CAUSE = '0190f1e2-8a4b-7c3d-9e5f-a1b2c3d4e5f1';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function baseEvent<T extends EventType>(type: T, data: AnyEvent['data']): AnyEvent {
  return {
    id: ID,
    type,
    key: data.symbol,
    ts_event: 1_582_329_600_123_456_789n,
    ts_init: 1_582_329_600_200_000_000n,
    corr: CORR,
    cause: CAUSE,
    traceparent: TRACEPARENT,
    data,
  } as AnyEvent;
}

/** One valid event per shape, with every optional field present so each can be spoiled. */
const BASES = {
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

const encoded = (base: keyof typeof BASES): string[] => encodeEvent(BASES[base]);

interface Row {
  readonly name: string;
  readonly fields: readonly string[];
  readonly field: string;
}

// ---- envelope fields --------------------------------------------------------------------

const UUID_UPPER = ID.toUpperCase();
const BAD_TIMESTAMPS = [
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
const BAD_ENVELOPE_VALUES: Readonly<Record<string, readonly string[]>> = {
  id: ['', 'not-a-uuid', UUID_UPPER, ID.replaceAll('-', ''), '0190f1e2-8a4b-0c3d-9e5f-a1b2c3d4e5f6'],
  type: ['', 'trade', 'MARKET_DATA', 'market_data '],
  v: ['', '0', '-1', '2.0', 'v2', '02', '3', '1000000'],
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
  data: ['', 'not json', '{', '{"kind":"quote",}', 'null', '5', '"quote"', '[]'],
};

const envelopeRows: Row[] = [
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

const NOT_DECIMALS: unknown[] = [
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
const NOT_IDENTIFIERS: unknown[] = ['', 'a b', 'é', 'x'.repeat(129), 7, null];
const NOT_SYMBOLS: unknown[] = ['', '-BTC', 'BTC USDT', 'ÄÖÜ', 'X'.repeat(65), 42];

/** For each shape: payload path → bad values. */
const BAD_PAYLOAD_VALUES: Readonly<Record<keyof typeof BASES, Readonly<Record<string, readonly unknown[]>>>> =
  {
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
    },
  };

/** Payload paths that must be present; the rest are optional. */
const REQUIRED_PAYLOAD: Readonly<Record<keyof typeof BASES, readonly string[]>> = {
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

const shapes = Object.keys(BASES) as (keyof typeof BASES)[];

const payloadRows: Row[] = shapes.flatMap((shape) => [
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

describe('decodeEvent given one malformed or missing field', () => {
  it('given the valid base entries, when decoded, then they decode (so every failure below is the edit)', () => {
    for (const shape of shapes) expect(decodeEvent(encoded(shape))).toStrictEqual(BASES[shape]);
  });

  describe('envelope fields', () => {
    for (const row of envelopeRows) {
      it(`given ${row.name}, then InvalidEventError located at "${row.field}"`, () => {
        expectIssueAt(() => decodeEvent(row.fields), row.field);
      });
    }
  });

  describe('payload fields', () => {
    for (const row of payloadRows) {
      it(`given ${row.name}, then InvalidEventError located at "${row.field}"`, () => {
        expectIssueAt(() => decodeEvent(row.fields), row.field);
      });
    }
  });

  it('given one bad field, then the issues blame that field only', () => {
    for (const row of [...envelopeRows, ...payloadRows]) {
      const fields = invalidEventErrorOf(() => decodeEvent(row.fields)).issues.map((issue) => issue.field);
      expect(new Set(fields), row.name).toStrictEqual(new Set([row.field]));
    }
  });

  it('given a bad field, then the error carries the event id and says which field is wrong', () => {
    const error = invalidEventErrorOf(() =>
      decodeEvent(withData(encoded('quote'), (data) => setPath(data, 'bid_price', '1e5'))),
    );
    expect(error.eventId).toBe(ID);
    expect(error.code).toBe('INVALID_EVENT');
    expect(error.name).toBe('InvalidEventError');
    expect(error.message).toContain(ID);
    expect(error.message).toContain('data.bid_price');
    expect(error.message).toContain('"1e5"');
  });
});

describe('decodeEvent given a malformed entry as a whole', () => {
  it('given an odd number of fields, then the issue is located at "(fields)"', () => {
    const message = expectIssueAt(() => decodeEvent([...encoded('fill'), 'dangling']), '(fields)');
    expect(message).toContain('odd');
  });

  it('given an empty field list, then every required field is reported missing', () => {
    const error = invalidEventErrorOf(() => decodeEvent([]));
    expect(error.issues.map((issue) => issue.field)).toStrictEqual(REQUIRED_ENVELOPE);
    for (const issue of error.issues) expect(issue.message).toBe('missing');
    expect(error.eventId).toBeUndefined();
  });

  for (const name of ['id', 'type', 'ts_event', 'data', 'cause']) {
    it(`given the field ${name} twice, then the issue is located at "${name}"`, () => {
      const fields = encoded('quote');
      const message = expectIssueAt(
        () => decodeEvent([...fields, name, fieldValue(fields, name) ?? '']),
        name,
      );
      expect(message).toContain('more than once');
    });
  }

  it('given invalid JSON in data, then the issue is located at "data" and says so', () => {
    const message = expectIssueAt(
      () => decodeEvent(withField(encoded('signal'), 'data', '{"symbol":')),
      'data',
    );
    expect(message).toContain('not valid JSON');
  });

  it('given an unknown payload key, then it is located at data.<key> as not a field of this type', () => {
    for (const shape of shapes) {
      const message = expectIssueAt(
        () => decodeEvent(withData(encoded(shape), (data) => setPath(data, 'x_extra', 1))),
        'data.x_extra',
      );
      expect(message).toBe('not a field of this type');
    }
    expectIssueAt(
      () => decodeEvent(withData(encoded('signal'), (data) => setPath(data, 'quote.mid_price', '1'))),
      'data.quote.mid_price',
    );
  });

  it('given key different from data.symbol, then the issue is located at "key" and names both', () => {
    const message = expectIssueAt(() => decodeEvent(withField(encoded('fill'), 'key', 'ETHUSDT')), 'key');
    expect(message).toContain('BTCUSDT');
    expect(message).toContain('ETHUSDT');
  });

  it('given a limit order without limit_price, then it is located at data.limit_price', () => {
    const message = expectIssueAt(
      () => decodeEvent(withData(encoded('limitOrder'), (data) => deletePath(data, 'limit_price'))),
      'data.limit_price',
    );
    expect(message).toContain('limit order needs a limit_price');
  });

  it('given a market order with a limit_price, then it is located at data.limit_price', () => {
    const message = expectIssueAt(
      () => decodeEvent(withData(encoded('marketOrder'), (data) => setPath(data, 'limit_price', '100'))),
      'data.limit_price',
    );
    expect(message).toContain('market order has no limit_price');
  });

  it('given a version newer than this build reads, then it is located at "v" and names both versions', () => {
    for (const type of EVENT_TYPES) {
      const base = shapes.find((shape) => BASES[shape].type === type) ?? 'quote';
      const current = EVENT_SPECS[type].currentVersion;
      const message = expectIssueAt(
        () => decodeEvent(withField(encoded(base), 'v', String(current + 1))),
        'v',
      );
      expect(message).toContain(`version ${current + 1} of ${type} is newer`);
      expect(message).toContain(`up to ${current}`);
    }
  });

  it('given an unknown type, then it is located at "type" and names it', () => {
    const message = expectIssueAt(() => decodeEvent(withField(encoded('quote'), 'type', 'quote')), 'type');
    expect(message).toBe('unknown event type "quote"');
  });

  it('given several bad fields, then every one is reported', () => {
    let fields = withField(encoded('quote'), 'ts_event', 'soon');
    fields = withField(fields, 'ts_init', '-5');
    fields = withoutField(fields, 'corr');
    const error = invalidEventErrorOf(() => decodeEvent(fields));
    expect(error.issues.map((issue) => issue.field).sort()).toStrictEqual(['corr', 'ts_event', 'ts_init']);
  });

  it('given data nested far too deep, then InvalidEventError (not a stack overflow) located at data', () => {
    // A poison entry must be dead-lettered, not crash the consumer that reads it.
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expectIssueAt(() => decodeEvent(withField(encoded('quote'), 'data', deep)), 'data');
    expectIssueAt(
      () =>
        decodeEvent(
          withField(
            encoded('quote'),
            'data',
            (fieldValue(encoded('quote'), 'data') ?? '').replace('"65000.1"', deep),
          ),
        ),
      'data.bid_price',
    );
  });
});
