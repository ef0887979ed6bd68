// One replay run: its state, progress (scanned of total, replayed, present, skipped), rate
// and ETA, and its controls — pause, resume, step N, speed, cancel, continue — each an
// operator call whose refusal (403 for the read token, 409 in the wrong state) is shown on the
// run's row. A finished run shows the digest of its target and a diff against another one.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { postJson } from './api.js';
import { DigestPanel } from './digest.js';
import { count, dateTime, duration, iso, rate } from './format.js';
import { ErrorNote, inputValue, useAction } from './ui.js';

const LIVE = ['running', 'paused'];
const ENDED = ['completed', 'cancelled', 'failed', 'interrupted'];

function percent(run) {
  return run.total > 0
    ? Math.min(100, Math.floor((run.scanned / run.total) * 100))
    : run.state === 'completed'
      ? 100
      : 0;
}

export function RunRow({ run, namespace, onChanged }) {
  const [stepCount, setStepCount] = useState('1');
  const [speed, setSpeed] = useState('');
  const [showDigest, setShowDigest] = useState(false);
  const [control, state] = useAction(async (action, body = {}) => {
    const updated = await postJson(`/replays/${encodeURIComponent(run.id)}/${action}`, body);
    onChanged(updated);
    return updated;
  });
  const live = LIVE.includes(run.state);
  const button = (action, label, body, enabled = true) =>
    html`<button
      type="button"
      class="small"
      data-testid=${action === 'speed' ? 'run-speed-set' : `run-${action}`}
      disabled=${state.busy || !enabled}
      onClick=${() => control(action, body)}
    >
      ${label}
    </button>`;

  return html`<li class=${`run card state-${run.state}`} data-testid="run-row" data-run-id=${run.id} data-state=${run.state}>
    <div class="run-head">
      <span class=${`badge state-${run.state}`} data-testid="run-state">${run.state}</span>
      <span class="mono strong" data-testid="run-id">${run.id}</span>
      <span>→ <span class="mono" data-testid="run-target">${run.target}</span></span>
      <span class="muted">speed <span data-testid="run-speed">${run.speed}</span></span>
      <span class="muted" title=${iso(run.startedAt)}>by ${run.by ?? '–'}, ${dateTime(run.startedAt)}</span>
    </div>
    <div class="run-progress">
      <progress data-testid="run-progress" max="100" value=${percent(run)} data-scanned=${run.scanned} data-total=${run.total}></progress>
      <span data-testid="run-percent">${percent(run)}%</span>
      <span class="muted">
        replayed <span data-testid="run-replayed" data-value=${run.replayed}>${count(run.replayed)}</span>
        ${' · scanned '}${count(run.scanned)} of ${count(run.total)}
        ${run.present ? ` · already there ${count(run.present)}` : ''}${run.skipped ? ` · skipped ${count(run.skipped)}` : ''}
        ${typeof run.ratePerSec === 'number' ? ` · ${rate(run.ratePerSec)}/s` : ''}
      </span>
      ${run.state === 'running' && typeof run.etaMs === 'number' ? html`<span class="muted">ETA <span data-testid="run-eta">${duration(run.etaMs)}</span></span>` : null}
    </div>
    ${run.error ? html`<p class="error" data-testid="run-failure">${run.error}</p>` : null}
    <div class="toolbar">
      ${run.state === 'running' ? button('pause', 'Pause') : null}
      ${run.state === 'paused' ? button('resume', 'Resume') : null}
      ${
        run.state === 'running'
          ? html`<span class="group">
              <input type="number" min="1" max="100000" class="tiny-input" data-testid="run-step-count" value=${stepCount} onInput=${(e) => setStepCount(inputValue(e))} />
              ${button('step', 'Step', { count: Number(stepCount) || 1 })}
            </span>`
          : null
      }
      ${
        live
          ? html`<span class="group">
              <input type="text" class="tiny-input" list="replay-speeds" data-testid="run-speed-input" placeholder=${run.speed} value=${speed} onInput=${(e) => setSpeed(inputValue(e))} />
              ${button('speed', 'Set speed', { speed: speed.trim() }, speed.trim() !== '')}
            </span>
            ${button('cancel', 'Cancel')}`
          : null
      }
      ${run.state === 'interrupted' || run.state === 'failed' ? button('continue', 'Continue') : null}
      ${
        ENDED.includes(run.state) && run.state !== 'completed'
          ? html`<button type="button" class="small" data-testid="run-show-digest" onClick=${() => setShowDigest(!showDigest)}>
              ${showDigest ? 'Hide digest' : 'Digest / diff'}
            </button>`
          : null
      }
    </div>
    <${ErrorNote} error=${state.error} testid="run-error" />
    ${
      run.state === 'completed' || showDigest
        ? html`<${DigestPanel} namespace=${run.target} against=${namespace} auto=${run.state === 'completed'} />`
        : null
    }
  </li>`;
}
