// The pipeline as a diagram: ingest → signal → router → recorder, each stage with the rate of
// what it produces (the recorder: of what it consumes) and the lag of the consumer group(s)
// reading its input. A stage whose group falls behind stands out; an unknown lag says so
// (Redis cannot always tell it) instead of showing 0.
import { html } from 'htm/preact';
import { count, rate } from './format.js';

export const STAGES = [
  { id: 'ingest', title: 'ingest', service: 'market-data-ingest', rateOf: 'market_data', input: undefined },
  { id: 'signal', title: 'signal', service: 'signal-engine', rateOf: 'signal', input: 'market_data' },
  { id: 'router', title: 'router', service: 'order-router', rateOf: 'order', input: 'signal' },
  { id: 'recorder', title: 'recorder', service: 'fill-recorder', rateOf: 'fill', input: 'fill' },
];

/** The groups reading a stage's input, folded: the worst lag, pending summed, behind if any is. */
export function stageLoad(groups, input) {
  const mine = (groups ?? []).filter((group) => group.type === input);
  const known = mine.map((group) => group.lag).filter((lag) => typeof lag === 'number');
  return {
    groups: mine,
    lag: known.length > 0 ? Math.max(...known) : undefined,
    lagUnknown: mine.some((group) => typeof group.lag !== 'number'),
    pending: mine.reduce((sum, group) => sum + (group.pending ?? 0), 0),
    behind: mine.some((group) => group.behind),
  };
}

function Stage({ stage, snapshot }) {
  const flow = snapshot?.types?.[stage.rateOf];
  const load = stage.input === undefined ? undefined : stageLoad(snapshot?.groups, stage.input);
  const lagText =
    load === undefined
      ? 'source'
      : load.groups.length === 0
        ? 'no group'
        : load.lag === undefined
          ? 'unknown'
          : `${count(load.lag)}${load.lagUnknown ? '+?' : ''}`;
  return html`<div
    class=${load?.behind ? 'stage behind' : 'stage'}
    data-testid=${`stage-${stage.id}`}
    data-behind=${load?.behind ? 'true' : 'false'}
  >
    <div class="stage-title">${stage.title}</div>
    <div class="stage-service muted">${stage.service}</div>
    <div class="stage-figure">
      <span class="figure" data-testid=${`stage-${stage.id}-rate`} data-value=${flow?.ratePerSec ?? ''}>
        ${rate(flow?.ratePerSec)}
      </span>
      <span class="unit">${stage.id === 'recorder' ? 'fills in/s' : `${stage.rateOf.replace('_', ' ')}/s`}</span>
    </div>
    <div class="stage-lag">
      ${'lag '}
      <span class="figure small" data-testid=${`stage-${stage.id}-lag`} data-value=${load?.lag ?? ''}>
        ${lagText}
      </span>
      ${load && load.groups.length > 0 ? html`<span class="muted"> · pending ${count(load.pending)}</span>` : null}
    </div>
    ${load?.behind ? html`<div class="stage-warning">falling behind</div>` : null}
  </div>`;
}

export function Pipeline({ snapshot }) {
  const parts = [];
  STAGES.forEach((stage, index) => {
    if (index > 0) parts.push(html`<div class="arrow" aria-hidden="true">→</div>`);
    parts.push(html`<${Stage} stage=${stage} snapshot=${snapshot} />`);
  });
  return html`<div class="pipeline" data-testid="pipeline">${parts}</div>`;
}
