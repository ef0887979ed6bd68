// A requeue of dead letters, always in two steps: a dry run first (POST /dlq/requeue with
// dryRun: true) that shows how many would go back to their stream, then Confirm for the real
// one. Whatever the server answers — a count, a 403 for the read token, a bad filter — is
// shown right here, next to the button that asked.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { postJson } from './api.js';
import { count } from './format.js';
import { ErrorNote, useAction } from './ui.js';

function Outcome({ result, testid }) {
  const notRequeueable = result.notRequeueable ?? [];
  return html`<div data-testid=${testid}>
    <p>
      ${result.dryRun ? 'Would requeue ' : 'Requeued '}
      <strong class="figure" data-testid=${result.dryRun ? 'requeue-dry-run-count' : 'requeue-done-count'} data-value=${result.requeued}>
        ${count(result.requeued)}
      </strong>
      ${' of '}${count(result.matched)} matched${result.alreadyRequeued > 0 ? `, ${count(result.alreadyRequeued)} requeued before` : ''}${notRequeueable.length > 0 ? `, ${count(notRequeueable.length)} cannot be` : ''}.
      ${result.truncated ? html` <span class="badge warn">more match: run it again for the rest</span>` : null}
    </p>
    ${
      notRequeueable.length > 0
        ? html`<ul class="compact muted">
            ${notRequeueable.slice(0, 5).map((n) => html`<li key=${n.ref}><span class="mono">${n.ref}</span>: ${n.why}</li>`)}
          </ul>`
        : null
    }
  </div>`;
}

/** `request` = { label, body } (body without dryRun); onDone() after a real requeue. */
export function RequeuePanel({ request, onClose, onDone }) {
  const [dryRun, dry] = useAction(() => postJson('/dlq/requeue', { ...request.body, dryRun: true }));
  const [apply, applied] = useAction(() => postJson('/dlq/requeue', { ...request.body, dryRun: false }));

  useEffect(() => {
    dryRun();
  }, []);

  const confirm = async () => {
    const result = await apply();
    if (result) onDone?.(result);
  };

  const done = applied.result !== undefined;
  return html`<div class="requeue-panel" data-testid="requeue-panel">
    <div class="requeue-head">
      <strong>Requeue ${request.label}</strong>
      <button type="button" class="small" data-testid="requeue-close" onClick=${onClose}>${done ? 'Close' : 'Cancel'}</button>
    </div>
    ${dry.busy ? html`<p class="muted" data-testid="requeue-dry-running">Dry run…</p>` : null}
    <${ErrorNote} error=${dry.error} testid="requeue-error" />
    ${dry.result && !done ? html`<${Outcome} result=${dry.result} testid="requeue-dry-run" />` : null}
    ${
      dry.result && !done
        ? html`<button
            type="button"
            class="danger"
            data-testid="requeue-confirm"
            disabled=${applied.busy || dry.result.requeued === 0}
            onClick=${confirm}
          >
            ${applied.busy ? 'Requeuing…' : `Confirm: requeue ${count(dry.result.requeued)}`}
          </button>`
        : null
    }
    <${ErrorNote} error=${applied.error} testid="requeue-confirm-error" />
    ${done ? html`<${Outcome} result=${applied.result} testid="requeue-result" />` : null}
  </div>`;
}
