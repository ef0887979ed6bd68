// The Audit tab: every operator action (who, what, with which parameters, how it ended), a
// page at a time, newest or oldest first, filtered by action and by who did it.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from './api.js';
import { brief, dateTime, iso } from './format.js';
import { ErrorNote, Field, inputValue, Pager, useAction } from './ui.js';

const PAGE = 50;

export function AuditView({ active }) {
  const [form, setForm] = useState({ order: 'newest', action: '', by: '' });
  const [cursors, setCursors] = useState([]);
  const set = (name) => (event) => setForm({ ...form, [name]: inputValue(event) });
  const [load, page] = useAction((cursor) =>
    getJson('/audit', {
      limit: PAGE,
      order: form.order,
      action: form.action.trim(),
      by: form.by.trim(),
      cursor,
    }),
  );
  const first = (event) => {
    event?.preventDefault();
    setCursors([]);
    load(undefined);
  };
  // Fresh each time the tab is opened.
  useEffect(() => {
    if (active) first();
  }, [active]);

  const entries = page.result?.entries ?? [];
  return html`<section class="view">
    <h2>Audit log</h2>
    <form class="card toolbar-card toolbar" data-testid="audit-form" onSubmit=${first}>
      <${Field} label="order">
        <select data-testid="audit-order" value=${form.order} onChange=${set('order')}>
          <option value="newest">newest first</option>
          <option value="oldest">oldest first</option>
        </select>
      <//>
      <${Field} label="action">
        <input type="text" data-testid="audit-action" placeholder="dlq.requeue" value=${form.action} onInput=${set('action')} />
      <//>
      <${Field} label="by">
        <input type="text" data-testid="audit-by" placeholder="operator:alice" value=${form.by} onInput=${set('by')} />
      <//>
      <button type="submit" class="primary" data-testid="audit-refresh" disabled=${page.busy}>Show</button>
    </form>
    <${ErrorNote} error=${page.error} testid="audit-error" />
    ${
      page.result && entries.length === 0
        ? html`<p class="muted" data-testid="audit-empty">No operator action recorded${form.action || form.by ? ' that matches' : ''}.</p>`
        : null
    }
    ${
      entries.length > 0
        ? html`<table class="table" data-testid="audit-table">
            <thead><tr><th>when</th><th>by</th><th>action</th><th>outcome</th><th>parameters</th><th>detail</th></tr></thead>
            <tbody>
              ${entries.map(
                (
                  entry,
                ) => html`<tr key=${entry.id} data-testid="audit-row" data-action=${entry.action} data-outcome=${entry.outcome}>
                  <td title=${iso(entry.at)}>${dateTime(entry.at)}</td>
                  <td>${entry.by}</td>
                  <td class="mono">${entry.action}</td>
                  <td><span class=${`badge outcome-${entry.outcome}`}>${entry.outcome}</span></td>
                  <td class="mono data" title=${brief(entry.params, 4000)}>${brief(entry.params)}</td>
                  <td class="mono data" title=${brief(entry.detail, 4000)}>${brief(entry.detail)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : null
    }
    <${Pager}
      testid="audit"
      firstDisabled=${cursors.length === 0 || page.busy}
      nextDisabled=${!page.result?.nextCursor || page.busy}
      onFirst=${() => first()}
      onNext=${() => {
        setCursors([...cursors, page.result.nextCursor]);
        load(page.result.nextCursor);
      }}
    />
  </section>`;
}
