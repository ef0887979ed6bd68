// The Ledger tab: fill-recorder's positions and PnL through GET /ledger — per strategy and
// symbol the quantity, cost basis, realized PnL and commissions; the totals (realized,
// unrealized, commissions, net) and the net per strategy. Refreshed every 5 s while the tab
// is open (and the browser tab visible); when the ledger is not configured here (404) or
// fill-recorder does not answer (502), the server's reason is shown instead.
import { html } from 'htm/preact';
import { getJson } from './api.js';
import { ErrorNote, useAction, useInterval } from './ui.js';

const REFRESH_MS = 5_000;

/** fill-recorder keys fills without a strategy as "" (and lists their strategy_id as null). */
const strategyName = (id) => (id === null || id === undefined || id === '' ? '(none)' : id);

/** A decimal string with its sign as a class: negative red, positive green. */
function Amount({ value, testid }) {
  const sign =
    typeof value === 'string' && value.startsWith('-') ? 'neg' : value && /[1-9]/.test(value) ? 'pos' : '';
  return html`<span class=${`amount ${sign}`} data-testid=${testid} data-value=${value ?? ''}>${value ?? '—'}</span>`;
}

export function LedgerView({ active }) {
  const [load, ledger] = useAction(() => getJson('/ledger'));
  useInterval(
    () => {
      if (!document.hidden) load();
    },
    REFRESH_MS,
    active,
  );

  const rows = ledger.result?.positions?.by_strategy ?? [];
  const pnl = ledger.result?.pnl;
  const total = pnl?.total;
  const strategies = Object.entries(pnl?.strategies ?? {});
  return html`<section class="view">
    <h2>Ledger</h2>
    <p class="muted">Positions and PnL from fill-recorder, refreshed every 5 s while this tab is open.${
      pnl?.mark ? ` Mark: ${pnl.mark}.` : ''
    }</p>
    <${ErrorNote} error=${ledger.error} testid="ledger-error" />
    ${
      total
        ? html`<div class="ledger-totals" data-testid="ledger-totals">
            <div class="card ledger-total"><div class="label">realized</div><${Amount} value=${total.realized_pnl} testid="ledger-realized" /></div>
            <div class="card ledger-total"><div class="label">unrealized</div><${Amount} value=${total.unrealized_pnl} testid="ledger-unrealized" /></div>
            <div class="card ledger-total"><div class="label">commissions</div><${Amount} value=${total.commissions} testid="ledger-commissions" /></div>
            <div class="card ledger-total net"><div class="label">net</div><${Amount} value=${total.net_pnl} testid="ledger-net" /></div>
            <div class="card ledger-total"><div class="label">fills</div><span class="amount">${pnl.fills ?? '—'}</span></div>
          </div>`
        : null
    }
    ${
      ledger.result && rows.length === 0
        ? html`<p class="muted" data-testid="ledger-empty">No fill recorded yet.</p>`
        : null
    }
    ${
      rows.length > 0
        ? html`<table class="table ledger-positions" data-testid="ledger-table">
            <thead><tr><th>strategy</th><th>symbol</th><th class="num">quantity</th><th class="num">average price</th><th class="num">cost basis</th><th class="num">realized PnL</th><th class="num">commissions</th></tr></thead>
            <tbody>
              ${rows.map(
                (row) => html`<tr
                  key=${`${row.strategy_id}/${row.symbol}`}
                  data-testid="ledger-row"
                  data-strategy=${row.strategy_id ?? ''}
                  data-symbol=${row.symbol}
                  data-quantity=${row.quantity}
                >
                  <td>${strategyName(row.strategy_id)}</td>
                  <td class="mono">${row.symbol}</td>
                  <td class="num mono">${row.quantity}</td>
                  <td class="num mono">${row.average_price ?? '—'}</td>
                  <td class="num mono">${row.cost_basis}</td>
                  <td class="num mono"><${Amount} value=${row.realized_pnl} /></td>
                  <td class="num mono">${row.commissions}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : null
    }
    ${
      strategies.length > 0
        ? html`<h3>Per strategy</h3>
            <table class="table narrow" data-testid="ledger-strategies">
              <thead><tr><th>strategy</th><th class="num">realized</th><th class="num">unrealized</th><th class="num">commissions</th><th class="num">net</th></tr></thead>
              <tbody>
                ${strategies.map(
                  ([id, line]) => html`<tr key=${id} data-testid="ledger-strategy" data-strategy=${id}>
                    <td>${strategyName(id)}</td>
                    <td class="num mono"><${Amount} value=${line.realized_pnl} /></td>
                    <td class="num mono"><${Amount} value=${line.unrealized_pnl} /></td>
                    <td class="num mono">${line.commissions}</td>
                    <td class="num mono"><${Amount} value=${line.net_pnl} testid="ledger-strategy-net" /></td>
                  </tr>`,
                )}
              </tbody>
            </table>`
        : null
    }
  </section>`;
}
