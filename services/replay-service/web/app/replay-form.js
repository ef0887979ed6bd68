// The form that starts a replay (POST /replays, operator token): types, time range, a CEL
// filter, the speed (max, step, realtime, ×N) and the target namespace (default replay-<id>).
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { postJson } from './api.js';
import { timeBound } from './format.js';
import { EVENT_TYPES } from './store.js';
import { ErrorNote, Field, inputValue, useAction } from './ui.js';

const SPEEDS = ['max', 'step', 'realtime', '10x', '100x', '1000x'];

export function ReplayForm({ onStarted }) {
  const [types, setTypes] = useState(['market_data']);
  const [form, setForm] = useState({
    from: '',
    to: '',
    time: 'append',
    filter: '',
    speed: 'max',
    target: '',
  });
  const set = (name) => (event) => setForm({ ...form, [name]: inputValue(event) });
  const [start, state] = useAction(() => {
    const body = { types, speed: form.speed.trim() || 'max' };
    const from = timeBound(form.from);
    const to = timeBound(form.to);
    if (from) body.from = from;
    if (to) body.to = to;
    if (form.time === 'event') body.time = 'event';
    if (form.filter.trim()) body.filter = form.filter.trim();
    if (form.target.trim()) body.target = form.target.trim();
    return postJson('/replays', body);
  });
  const submit = async (event) => {
    event.preventDefault();
    const run = await start();
    if (run) onStarted(run);
  };
  const toggle = (type) =>
    setTypes(types.includes(type) ? types.filter((t) => t !== type) : [...types, type]);

  return html`<form class="card toolbar-card" data-testid="replay-form" onSubmit=${submit}>
    <h3>Start a replay</h3>
    <div class="toolbar">
      <${Field} label="types">
        <span class="checks">
          ${EVENT_TYPES.map(
            (type) => html`<label key=${type}>
              <input type="checkbox" data-testid=${`replay-type-${type}`} checked=${types.includes(type)} onChange=${() => toggle(type)} />
              ${type}
            </label>`,
          )}
        </span>
      <//>
      <${Field} label="from">
        <input type="text" data-testid="replay-from" placeholder="ISO, epoch ms, -1h" value=${form.from} onInput=${set('from')} />
      <//>
      <${Field} label="to">
        <input type="text" data-testid="replay-to" placeholder="ISO, epoch ms, now" value=${form.to} onInput=${set('to')} />
      <//>
      <${Field} label="time is">
        <select data-testid="replay-time" value=${form.time} onChange=${set('time')}>
          <option value="append">append time</option>
          <option value="event">event time</option>
        </select>
      <//>
    </div>
    <div class="toolbar">
      <${Field} label="filter (CEL)" wide>
        <input type="text" class="mono" data-testid="replay-filter" placeholder='symbol == "BTCUSDT"' value=${form.filter} onInput=${set('filter')} />
      <//>
      <${Field} label="speed">
        <input type="text" list="replay-speeds" data-testid="replay-speed" value=${form.speed} onInput=${set('speed')} size="8" />
        <datalist id="replay-speeds">${SPEEDS.map((speed) => html`<option key=${speed} value=${speed} />`)}</datalist>
      <//>
      <${Field} label="target namespace">
        <input type="text" data-testid="replay-target" placeholder="replay-<run id>" value=${form.target} onInput=${set('target')} />
      <//>
      <button type="submit" class="primary" data-testid="replay-start" disabled=${state.busy || types.length === 0}>
        ${state.busy ? 'Starting…' : 'Start replay'}
      </button>
    </div>
    <${ErrorNote} error=${state.error} testid="replay-error" />
    ${state.result ? html`<p class="muted" data-testid="replay-started">Started run <span class="mono">${state.result.id}</span> into ${state.result.target}.</p>` : null}
  </form>`;
}
