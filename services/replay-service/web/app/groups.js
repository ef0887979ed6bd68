// The Consumer groups tab: one row per group and type from the live snapshots (lag, pending,
// oldest pending age, consumers, lease owners), rows that fall behind highlighted; the
// per-partition detail (GET /groups) loaded on demand for one row at a time.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { getJson } from './api.js';
import { count, duration } from './format.js';
import { useLive } from './store.js';
import { ErrorNote, useAction } from './ui.js';

function lagText(lag) {
  return typeof lag === 'number' ? count(lag) : 'unknown';
}

function Partitions({ partitions }) {
  if (partitions.length === 0) return html`<p class="muted">No partition of this group was found.</p>`;
  return html`<table class="table inner" data-testid="group-partitions">
    <thead>
      <tr>
        <th>partition</th>
        <th class="num">length</th>
        <th class="num">lag</th>
        <th class="num">pending</th>
        <th>oldest pending</th>
        <th>consumers</th>
        <th>lease owner</th>
        <th>checkpoint</th>
        <th>live members</th>
      </tr>
    </thead>
    <tbody>
      ${partitions.map(
        (p) => html`<tr key=${p.stream} data-testid="partition-row" data-partition=${p.partition}>
          <td>${p.partition}</td>
          <td class="num">${count(p.streamLength)}</td>
          <td class="num">${lagText(p.lag)}</td>
          <td class="num">${count(p.pending)}</td>
          <td>
            ${
              p.oldestPending
                ? html`${duration(p.oldestPending.ageMs)} old · ${p.oldestPending.deliveries}×${' '}
                    <span class="muted">${p.oldestPending.consumer}</span>`
                : '–'
            }
          </td>
          <td>
            ${(p.consumers ?? []).map(
              (c) =>
                html`<div key=${c.name}>${c.name} <span class="muted">${c.pending} pending, idle ${duration(c.idleMs)}</span></div>`,
            )}
          </td>
          <td>
            ${p.lease ? html`${p.lease.owner} <span class="muted">#${p.lease.token}, ${duration(p.lease.ttlMs)} left</span>` : html`<span class="muted">none</span>`}
          </td>
          <td class="mono">${p.checkpoint ?? '–'}</td>
          <td>${(p.members ?? []).map((m) => html`<div key=${m.name}>${m.name} <span class="muted">${duration(m.sinceHeartbeatMs)} ago</span></div>`)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function GroupRow({ group, open, onToggle }) {
  const [load, state] = useAction(() => getJson('/groups', { group: group.group, types: group.type }));
  const toggle = () => {
    if (!open) load();
    onToggle();
  };
  return html`
    <tr
      class=${group.behind ? 'behind' : ''}
      data-testid="group-row"
      data-group=${group.group}
      data-type=${group.type}
      data-behind=${group.behind ? 'true' : 'false'}
    >
      <td>${group.group}${group.behind ? html` <span class="badge warn">behind</span>` : null}</td>
      <td>${group.type}</td>
      <td class="num" data-testid="group-lag">${lagText(group.lag)}</td>
      <td class="num" data-testid="group-pending">${count(group.pending)}</td>
      <td class="num">${typeof group.oldestPendingMs === 'number' ? duration(group.oldestPendingMs) : '–'}</td>
      <td class="num">${count(group.consumers)}</td>
      <td>${(group.leaseOwners ?? []).join(', ') || html`<span class="muted">none</span>`}</td>
      <td data-testid="group-circuits" data-open=${group.circuitOpen ? 'true' : 'false'}>${circuitsText(group.circuits)}</td>
      <td>
        <button type="button" class="small" data-testid="group-partitions-button" onClick=${toggle}>
          ${open ? 'Hide' : 'Partitions'}
        </button>
      </td>
    </tr>
    ${
      open
        ? html`<tr class="detail">
            <td colspan="9">
              ${state.busy ? html`<p class="muted">Loading partitions…</p>` : null}
              <${ErrorNote} error=${state.error} testid="group-partitions-error" />
              ${state.result ? html`<${Partitions} partitions=${state.result.partitions ?? []} />` : null}
              ${
                state.result
                  ? html`<button type="button" class="small" onClick=${() => load()} disabled=${state.busy}>Refresh</button>`
                  : null
              }
            </td>
          </tr>`
        : null
    }
  `;
}

export function GroupsView() {
  const { snapshot } = useLive();
  const [open, setOpen] = useState();
  const groups = snapshot?.groups ?? [];
  const behind = groups.filter((group) => group.behind).length;
  return html`<section class="view">
    <h2>
      Consumer groups
      ${behind > 0 ? html` <span class="badge warn" data-testid="groups-behind">${behind} behind</span>` : null}
    </h2>
    ${
      groups.length === 0
        ? html`<p class="muted">${snapshot ? 'No consumer group in this namespace yet.' : 'Waiting for the first snapshot…'}</p>`
        : html`<table class="table" data-testid="groups-table">
            <thead>
              <tr>
                <th>group</th>
                <th>reads</th>
                <th class="num">lag</th>
                <th class="num">pending</th>
                <th class="num">oldest pending</th>
                <th class="num">consumers</th>
                <th>lease owners</th>
                <th>circuits</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              ${groups.map((group) => {
                const key = `${group.group}/${group.type}`;
                return html`<${GroupRow}
                  key=${key}
                  group=${group}
                  open=${open === key}
                  onToggle=${() => setOpen(open === key ? undefined : key)}
                />`;
              })}
            </tbody>
          </table>`
    }
  </section>`;
}

/** The handlers' circuits as their consumers report them: closed unless one says otherwise. */
function circuitsText(circuits) {
  const notClosed = (circuits ?? []).filter((report) => report.state !== 'closed');
  if (notClosed.length === 0) return html`<span class="muted">closed</span>`;
  return notClosed.map(
    (report) =>
      html`<div key=${`${report.consumer}/${report.handler}`}>
        <span class="badge warn">${report.state}</span> ${`${report.handler} · `}<span class="muted">${report.consumer}</span>
      </div>`,
  );
}
