// A small, causally linked set of events: real quotes and trades, a signal derived from the
// last quote, an order's lifecycle derived from the signal, and its fill. Derived events get
// deterministic ids, so building this set twice from the same data gives the same ids.
import {
  type AnyEvent,
  createEvent,
  deriveEvent,
  type MarketDataEvent,
  type OrderEvent,
  type SignalEvent,
} from '@tickflow/events';
import { readCsvRows } from './tardis-csv.ts';

const MICROS = 1000n;

export async function sampleEvents(dataDir: string, perSource: number): Promise<AnyEvent[]> {
  const quoteRows = await readCsvRows(
    `${dataDir}/tardis_binance-futures_BTCUSDT_quotes_2020-02-22.csv`,
    perSource,
  );
  const tradeRows = await readCsvRows(
    `${dataDir}/tardis_binance-futures_BTCUSDT_trades_2020-02-22.csv`,
    perSource,
  );

  const quotes: MarketDataEvent[] = quoteRows.map((row) =>
    createEvent({
      type: 'market_data',
      ts_event: BigInt(row.timestamp ?? '') * MICROS,
      ts_init: BigInt(row.local_timestamp ?? '') * MICROS,
      data: {
        kind: 'quote',
        symbol: row.symbol ?? '',
        venue: row.exchange ?? '',
        bid_price: row.bid_price ?? '',
        bid_size: row.bid_amount ?? '',
        ask_price: row.ask_price ?? '',
        ask_size: row.ask_amount ?? '',
      },
    }),
  );
  const trades: MarketDataEvent[] = tradeRows.map((row) =>
    createEvent({
      type: 'market_data',
      ts_event: BigInt(row.timestamp ?? '') * MICROS,
      ts_init: BigInt(row.local_timestamp ?? '') * MICROS,
      data: {
        kind: 'trade',
        symbol: row.symbol ?? '',
        venue: row.exchange ?? '',
        price: row.price ?? '',
        size: row.amount ?? '',
        aggressor_side: row.side === 'buy' || row.side === 'sell' ? row.side : 'unknown',
        trade_id: row.id ?? '',
      },
    }),
  );
  const tick = quotes.at(-1);
  if (tick === undefined || tick.data.kind !== 'quote') throw new Error('no quote rows in the data');
  const { bid_price, bid_size, ask_price, ask_size } = tick.data;

  const signal: SignalEvent = deriveEvent(tick, {
    type: 'signal',
    scope: 'demo/strategy',
    data: {
      symbol: tick.key,
      signal: 'long',
      strength: '0.5',
      strategy_id: 'demo',
      reason: 'buy at the ask',
      quote: { bid_price, bid_size, ask_price, ask_size },
    },
  });
  const order = (status: OrderEvent['data']['status'], index: number, filled: string) =>
    deriveEvent(signal, {
      type: 'order',
      scope: 'demo/router',
      index,
      data: {
        order_id: 'demo-1',
        client_order_id: 'demo-1',
        symbol: signal.key,
        side: 'buy',
        quantity: '0.001',
        order_type: 'market',
        time_in_force: 'IOC',
        status,
        filled_quantity: filled,
        strategy_id: 'demo',
      },
    });
  const accepted = order('ACCEPTED', 1, '0');
  const fill = deriveEvent(accepted, {
    type: 'fill',
    scope: 'demo/venue',
    data: {
      order_id: 'demo-1',
      execution_id: 'demo-1-1',
      symbol: signal.key,
      side: 'buy',
      quantity: '0.001',
      price: ask_price,
      commission: '0.0038728',
      commission_asset: 'USDT',
      liquidity: 'taker',
      venue: 'paper',
    },
  });
  return [...quotes, ...trades, signal, order('NEW', 0, '0'), accepted, fill, order('FILLED', 2, '0.001')];
}
