// The query API's answers as zod schemas: they encode what the routes return and document it in
// /openapi.json. Decimals are canonical strings (see views.ts).
import { z } from 'zod';

const decimal = z.string().describe('An exact decimal, canonical form');

const positionView = {
  symbol: z.string(),
  quantity: decimal.describe('Signed: negative when short'),
  average_price: decimal.nullable().describe('Cost basis / quantity (half-even, 16 places); null when flat'),
  cost_basis: decimal,
  realized_pnl: decimal,
  commissions: decimal,
};

export const positionsAnswer = z.object({
  positions: z.array(z.object(positionView)).describe('Per symbol: the exact sum over strategies'),
  by_strategy: z.array(
    z.object({
      strategy_id: z.string().nullable().describe('null for fills that carried no strategy_id'),
      ...positionView,
    }),
  ),
});

const pnlLine = {
  realized_pnl: decimal,
  unrealized_pnl: decimal,
  commissions: decimal,
  net_pnl: decimal.describe('realized + unrealized − commissions'),
};

export const pnlAnswer = z.object({
  mark: z.string().describe('How unrealized PnL is marked'),
  total: z.object(pnlLine).describe('Sums over symbols (assumes one quote asset)'),
  symbols: z.record(z.string(), z.object({ ...pnlLine, mark_price: decimal })),
  strategies: z.record(z.string(), z.object(pnlLine)).describe('Keyed by strategy id ("" for none)'),
  fills: z.number().int().describe('Executions applied'),
});

export const fillsAnswer = z.object({
  fills: z.array(
    // The fill's payload follows the envelope fields: loose, so every payload field is kept.
    z.looseObject({
      event_id: z.string(),
      partition: z.number().int(),
      entry_id: z.string(),
      ts_event: z.string().describe('Integer nanoseconds since the epoch'),
      ts_event_iso: z.string(),
      execution_id: z.string(),
      order_id: z.string(),
      symbol: z.string(),
      side: z.enum(['buy', 'sell']),
      quantity: decimal,
      price: decimal,
      commission: decimal,
    }),
  ),
  next_offset: z.number().int().nullable().describe('The offset of the next page; null on the last'),
});

export const rebuildCheckAnswer = z.object({
  identical: z.boolean().describe('The ledger rebuilt from the fill streams equals the live one'),
  fills: z.number().int(),
});
