// What the demo runs on, shared with the e2e tests that check the same pipeline: the real
// quotes file and a small book for the router.
export const TARDIS_QUOTES = 'data/tardis/tardis_binance-futures_BTCUSDT_quotes_2020-02-22.csv';

/** At most 1 BTC either way, so a flip (2 BTC) passes the order-size check. */
export const DEMO_ROUTER_ENV: Readonly<Record<string, string>> = {
  ROUTER_MAX_POSITION: '1',
  ROUTER_MAX_ORDER_QTY: '2',
  ROUTER_MAX_ORDER_NOTIONAL: '25000',
  ROUTER_PAPER_LATENCY_MS: '5',
  ROUTER_PAPER_SLIPPAGE_BPS: '1',
  ROUTER_PAPER_COMMISSION_BPS: '4',
};
