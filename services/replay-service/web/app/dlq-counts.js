// The live dead-letter counts (from the snapshots): how many wait to be requeued, how many
// are kept and were requeued, per type of the stream they came from and per kind.
import { html } from 'htm/preact';
import { count } from './format.js';
import { EVENT_TYPES } from './store.js';

export const KINDS = ['undecodable', 'invalid', 'failed', 'permanent', 'trimmed'];

export function DlqCounts({ deadLetters }) {
  const byType = deadLetters?.byType ?? {};
  const byKind = deadLetters?.byKind ?? {};
  const waiting = deadLetters ? deadLetters.total - (deadLetters.requeued ?? 0) : undefined;
  return html`<div class="counts">
    <div class="card count-card">
      <div class="muted">waiting (not requeued)</div>
      <div class="figure big" data-testid="dlq-outstanding" data-value=${waiting ?? ''}>${count(waiting)}</div>
      <div class="muted">
        ${'of '}
        <span data-testid="dlq-total" data-value=${deadLetters?.total ?? ''}>${count(deadLetters?.total)}</span>
        ${' kept, '}
        <span data-testid="dlq-requeued" data-value=${deadLetters?.requeued ?? ''}>${count(deadLetters?.requeued)}</span>
        ${' requeued'}
      </div>
    </div>
    <div class="card count-card">
      <div class="muted">per type</div>
      ${EVENT_TYPES.map(
        (type) => html`<div key=${type} class="count-line">
          ${type} <span class="figure" data-testid=${`dlq-count-type-${type}`} data-value=${byType[type] ?? 0}>${count(byType[type] ?? 0)}</span>
        </div>`,
      )}
    </div>
    <div class="card count-card">
      <div class="muted">per kind</div>
      ${KINDS.map(
        (kind) => html`<div key=${kind} class="count-line">
          ${kind} <span class="figure" data-testid=${`dlq-count-kind-${kind}`} data-value=${byKind[kind] ?? 0}>${count(byKind[kind] ?? 0)}</span>
        </div>`,
      )}
    </div>
  </div>`;
}
