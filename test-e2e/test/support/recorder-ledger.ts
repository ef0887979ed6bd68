// What fill-recorder answers (/pnl, /positions), in the independent ledger's terms, so the two
// can be compared field by field (decimals normalized: "1.50" and "1.5" are the same amount).
import { formatDec, parseDec } from './independent-ledger.ts';
import type { RunResult } from './pipeline-run.ts';

const normal = (text: string) => formatDec(parseDec(text));

export function recorderLedger(run: RunResult) {
  return {
    positions: run.positions.by_strategy
      .map((p) => ({
        strategy_id: p.strategy_id,
        symbol: p.symbol,
        quantity: normal(p.quantity),
        cost_basis: normal(p.cost_basis),
        realized_pnl: normal(p.realized_pnl),
        commissions: normal(p.commissions),
      }))
      .sort((a, b) => `${a.strategy_id}\0${a.symbol}`.localeCompare(`${b.strategy_id}\0${b.symbol}`)),
    netPnl: normal(run.pnl.total.net_pnl),
    fills: run.pnl.fills,
  };
}
