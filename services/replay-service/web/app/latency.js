// The Latency tab: p50 / p99 of each hop (tick → signal → order → fill, and the whole way) over
// the last minute, from the snapshots; the latest fills, each opening its causal chain.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { CausalChain } from './chain.js';
import { clock, count, duration, iso } from './format.js';
import { useLive } from './store.js';

export const HOPS = ['tick→signal', 'signal→order', 'order→fill', 'tick→fill'];

/** 'tick→signal' → 'tick-signal', for test ids. */
export function hopId(hop) {
  return hop.replace('→', '-');
}

export function LatencyView() {
  const { snapshot } = useLive();
  const [chosen, setChosen] = useState();
  const latency = snapshot?.latency;
  const fills = latency?.latestFills ?? [];
  return html`<section class="view">
    <h2>Latency per hop <span class="muted small">last minute, sampled ${html`<span data-testid="latency-sampled">${count(latency?.sampled)}</span>`} chains</span></h2>
    <table class="table narrow" data-testid="latency-table">
      <thead><tr><th>hop</th><th class="num">p50</th><th class="num">p99</th></tr></thead>
      <tbody>
        ${HOPS.map((hop) => {
          const figures = latency?.hops?.[hop];
          return html`<tr key=${hop} data-testid=${`hop-${hopId(hop)}`}>
            <td>${hop}</td>
            <td class="num" data-testid=${`hop-${hopId(hop)}-p50`} data-value=${figures?.p50Ms ?? ''}>${duration(figures?.p50Ms)}</td>
            <td class="num" data-testid=${`hop-${hopId(hop)}-p99`} data-value=${figures?.p99Ms ?? ''}>${duration(figures?.p99Ms)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    <div class="split">
      <div class="card latest-fills">
        <h3>Latest fills</h3>
        ${fills.length === 0 ? html`<p class="muted">No fill yet.</p>` : null}
        <ul class="plain">
          ${fills.map(
            (fill) => html`<li key=${fill.id}>
              <button
                type="button"
                class=${chosen?.id === fill.id ? 'link chosen' : 'link'}
                data-testid="latest-fill"
                data-id=${fill.id}
                title=${iso(fill.appendMs)}
                onClick=${() => setChosen(fill)}
              >
                <span class="strong">${fill.symbol}</span> <span class="muted">${clock(fill.appendMs)}</span>
                <span class="mono muted">${fill.id.slice(0, 8)}…</span>
              </button>
            </li>`,
          )}
        </ul>
      </div>
      <div class="grow">
        ${
          chosen
            ? html`<${CausalChain} key=${chosen.id} id=${chosen.id} type="fill" symbol=${chosen.symbol} onClose=${() => setChosen(undefined)} />`
            : html`<p class="muted">Click a fill to see its tick, signal and order, with the time of each hop.</p>`
        }
      </div>
    </div>
  </section>`;
}
