// The Flow tab: events per second of each type, as a number and as a chart of the last five
// minutes (from the snapshots' ring buffers, updated with setData at most once a second), and
// the pipeline diagram with each stage's rate and lag.
import { html } from 'htm/preact';
import { RateChart } from './chart.js';
import { count, rate } from './format.js';
import { Pipeline } from './pipeline.js';
import { EVENT_TYPES, rateSeries, useLive } from './store.js';

export const TYPE_LABELS = {
  market_data: 'Market data',
  signal: 'Signals',
  order: 'Orders',
  fill: 'Fills',
};

const COLORS = { market_data: '#1f6feb', signal: '#8250df', order: '#bf5b04', fill: '#1a7f37' };

function RateCard({ type, snapshot }) {
  const figures = snapshot?.types?.[type];
  return html`<div class="card rate-card" data-testid=${`flow-${type}`}>
    <div class="rate-head">
      <h3>${TYPE_LABELS[type]}</h3>
      <div>
        <span class="figure big" data-testid=${`rate-${type}`} data-value=${figures?.ratePerSec ?? ''}>
          ${rate(figures?.ratePerSec)}
        </span>
        <span class="unit">/s</span>
      </div>
    </div>
    <div class="muted">
      total <span data-testid=${`total-${type}`} data-value=${figures?.total ?? ''}>${count(figures?.total)}</span>
    </div>
    <${RateChart}
      data=${rateSeries(type)}
      label=${`${TYPE_LABELS[type]}/s`}
      color=${COLORS[type]}
      testid=${`chart-${type}`}
    />
  </div>`;
}

export function FlowView() {
  const { snapshot } = useLive();
  return html`<section class="view">
    <h2>Pipeline</h2>
    <${Pipeline} snapshot=${snapshot} />
    <h2>Events per second <span class="muted small">last 5 minutes</span></h2>
    <div class="rate-grid">
      ${EVENT_TYPES.map((type) => html`<${RateCard} key=${type} type=${type} snapshot=${snapshot} />`)}
    </div>
    ${snapshot ? null : html`<p class="muted" data-testid="flow-waiting">Waiting for the first snapshot…</p>`}
  </section>`;
}
