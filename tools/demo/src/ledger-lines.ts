// The ledger part of the summary, from fill-recorder's query API: positions and PnL, in
// total and per strategy (exact figures, shown to the cent).
export interface PnlLine {
  realized_pnl: string;
  unrealized_pnl: string;
  commissions: string;
  net_pnl: string;
}

export interface PnlAnswer {
  total: PnlLine;
  strategies: Record<string, PnlLine>;
}

export interface PositionsAnswer {
  positions: { symbol: string; quantity: string; average_price: string | null }[];
}

export async function getJson<T>(api: string, path: string): Promise<T> {
  const response = await fetch(`${api}${path}`);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return (await response.json()) as T;
}

/** Display only: the exact figures are in the API's answers. */
export const cents = (value: string) => Number(value).toFixed(2);

export async function ledgerLines(api: string): Promise<string[]> {
  const [pnl, positions] = await Promise.all([
    getJson<PnlAnswer>(api, '/pnl'),
    getJson<PositionsAnswer>(api, '/positions'),
  ]);
  const held = positions.positions.map(
    (p) => `${p.symbol} ${p.quantity}${p.average_price === null ? '' : ` @ ${cents(p.average_price)}`}`,
  );
  const { realized_pnl, unrealized_pnl, commissions, net_pnl } = pnl.total;
  const perStrategy = Object.entries(pnl.strategies).map(
    ([strategy, line]) => `${strategy || '(none)'} ${cents(line.net_pnl)}`,
  );
  return [
    `positions   ${held.join(' · ') || 'none'}`,
    `PnL (USDT)  realized ${cents(realized_pnl)} · unrealized ${cents(unrealized_pnl)} · commissions ${cents(commissions)} · net ${cents(net_pnl)} (mark = latest fill)`,
    `strategies  net PnL ${perStrategy.join(' · ') || 'none'}`,
  ];
}
