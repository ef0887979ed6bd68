// The Dead letters tab: live counts per type and kind (snapshots), the dead letters a page at
// a time (GET /dlq, reloaded when the live total changes) with their reason, and requeue of
// one, of a selection, or of all matching kinds / types / reason / CEL filter — each through
// the dry run → Confirm panel, shown next to the button that asked for it.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from './api.js';
import { DlqCounts, KINDS } from './dlq-counts.js';
import { count, dateTime, iso } from './format.js';
import { RequeuePanel } from './requeue.js';
import { EVENT_TYPES, useLive } from './store.js';
import { ErrorNote, Field, inputValue, Pager, useAction } from './ui.js';

const PAGE = 50;

function toggled(list, item) {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

function Checks({ options, chosen, onChange, testid }) {
  return html`<span class="checks">
    ${options.map(
      (option) => html`<label key=${option}>
        <input
          type="checkbox"
          data-testid=${`${testid}-${option}`}
          checked=${chosen.includes(option)}
          onChange=${() => onChange(toggled(chosen, option))}
        />
        ${option}
      </label>`,
    )}
  </span>`;
}

function LetterRow({ letter, selected, onSelect, onRequeue, panel }) {
  const requeueable = letter.requeuedAs === undefined && letter.fields !== null;
  return html`
    <tr data-testid="dlq-row" data-ref=${letter.ref} data-kind=${letter.kind} class=${letter.requeuedAs ? 'done' : ''}>
      <td>
        <input type="checkbox" data-testid="dlq-select" disabled=${!requeueable} checked=${selected} onChange=${onSelect} />
      </td>
      <td title=${iso(letter.at)}>${dateTime(letter.at)}</td>
      <td><span class=${`badge kind-${letter.kind}`}>${letter.kind}</span></td>
      <td class="mono">${letter.stream}<br /><span class="muted">${letter.entry}</span></td>
      <td>${letter.group}${letter.handler ? html`<br /><span class="muted">${letter.handler}</span>` : null}</td>
      <td class="num">${letter.deliveries}</td>
      <td class="reason" data-testid="dlq-reason">${letter.reason}</td>
      <td>
        ${
          letter.requeuedAs
            ? html`<span class="muted" data-testid="dlq-requeued-as">requeued as ${letter.requeuedAs}</span>`
            : html`<button type="button" class="small" data-testid="dlq-requeue-one" onClick=${onRequeue}>Requeue</button>`
        }
      </td>
    </tr>
    ${panel ? html`<tr class="detail"><td colspan="8">${panel}</td></tr>` : null}
  `;
}

export function DeadLettersView() {
  const { snapshot } = useLive();
  const [types, setTypes] = useState([]);
  const [kinds, setKinds] = useState([]);
  const [reason, setReason] = useState('');
  const [filter, setFilter] = useState('');
  const [hideRequeued, setHideRequeued] = useState(true);
  const [cursors, setCursors] = useState([undefined]);
  const [selected, setSelected] = useState([]);
  const [pending, setPending] = useState();
  const [load, page] = useAction((cursor) =>
    getJson('/dlq', { limit: PAGE, types, kinds, cursor }).then((result) => ({ ...result, cursor })),
  );
  const liveTotal = snapshot?.deadLetters?.total;
  const liveRequeued = snapshot?.deadLetters?.requeued;
  const onFirstPage = cursors.length === 1;

  const reload = () => {
    setCursors([undefined]);
    setSelected([]);
    load(undefined);
  };
  // The first page follows the live total: a new dead letter shows up without a click.
  useEffect(() => {
    if (onFirstPage && !page.busy) load(undefined);
  }, [liveTotal, liveRequeued, types.join(), kinds.join()]);

  // A requeued row stays while its requeue panel is open (it shows the outcome).
  const entries = (page.result?.entries ?? []).filter(
    (e) => !hideRequeued || e.requeuedAs === undefined || pending?.key === `row:${e.ref}`,
  );
  const listed = page.result?.counts?.reduce((sum, c) => sum + (c.total - c.requeued), 0);
  const afterRequeue = () => reload();
  // A requeued row may leave the list (hide requeued): its panel then stays up here.
  const rowGone = pending?.key.startsWith('row:') && !entries.some((e) => pending.key === `row:${e.ref}`);
  const panelFor = (key) =>
    pending?.key === key
      ? html`<${RequeuePanel} key=${pending.id} request=${pending} onClose=${() => setPending(undefined)} onDone=${afterRequeue} />`
      : null;
  const ask = (key, label, body) => setPending({ key, label, body, id: Date.now() });
  const matchBody = () => ({
    ...(types.length > 0 ? { types } : {}),
    ...(kinds.length > 0 ? { kinds } : {}),
    ...(reason.trim() ? { reason: reason.trim() } : {}),
    ...(filter.trim() ? { filter: filter.trim() } : {}),
  });

  return html`<section class="view">
    <h2>Dead letters</h2>
    <${DlqCounts} deadLetters=${snapshot?.deadLetters} />
    <div class="card toolbar-card">
      <div class="toolbar">
        <${Field} label="types"><${Checks} options=${EVENT_TYPES} chosen=${types} onChange=${setTypes} testid="dlq-type" /><//>
        <${Field} label="kinds"><${Checks} options=${KINDS} chosen=${kinds} onChange=${setKinds} testid="dlq-kind" /><//>
        <label class="inline">
          <input type="checkbox" data-testid="dlq-hide-requeued" checked=${hideRequeued} onChange=${() => setHideRequeued(!hideRequeued)} />
          hide requeued
        </label>
        <button type="button" data-testid="dlq-refresh" onClick=${reload} disabled=${page.busy}>Refresh</button>
      </div>
      <div class="toolbar">
        <${Field} label="reason contains (requeue match)">
          <input type="text" data-testid="dlq-reason-filter" value=${reason} onInput=${(e) => setReason(inputValue(e))} />
        <//>
        <${Field} label="CEL filter over the event (requeue match)" wide>
          <input type="text" class="mono" data-testid="dlq-cel-filter" placeholder='symbol == "BTCUSDT"' value=${filter} onInput=${(e) => setFilter(inputValue(e))} />
        <//>
      </div>
      <div class="toolbar">
        <button type="button" data-testid="dlq-requeue-selected" disabled=${selected.length === 0} onClick=${() => ask('selected', `${selected.length} selected`, { refs: selected })}>
          Requeue selected (${selected.length})
        </button>
        <button type="button" data-testid="dlq-requeue-matching" onClick=${() => ask('matching', 'all matching', matchBody())}>
          Requeue all matching…
        </button>
        <span class="muted">
          ${'waiting in the streams listed: '}
          <strong data-testid="dlq-list-outstanding" data-value=${listed ?? ''}>${count(listed)}</strong>
        </span>
      </div>
      ${panelFor('selected')} ${panelFor('matching')} ${rowGone ? panelFor(pending.key) : null}
    </div>
    <${ErrorNote} error=${page.error} testid="dlq-error" />
    ${
      entries.length === 0 && page.result
        ? html`<p class="muted" data-testid="dlq-empty">No dead letters${hideRequeued ? ' waiting' : ''} on this page.</p>`
        : html`<table class="table" data-testid="dlq-list">
            <thead>
              <tr><th></th><th>moved</th><th>kind</th><th>from</th><th>group / handler</th><th class="num">tries</th><th>reason</th><th></th></tr>
            </thead>
            <tbody>
              ${entries.map(
                (letter) => html`<${LetterRow}
                  key=${letter.ref}
                  letter=${letter}
                  selected=${selected.includes(letter.ref)}
                  onSelect=${() => setSelected(toggled(selected, letter.ref))}
                  onRequeue=${() => ask(`row:${letter.ref}`, `dead letter ${letter.ref}`, { refs: [letter.ref] })}
                  panel=${panelFor(`row:${letter.ref}`)}
                />`,
              )}
            </tbody>
          </table>`
    }
    <${Pager}
      testid="dlq"
      firstDisabled=${onFirstPage || page.busy}
      nextDisabled=${!page.result?.nextCursor || page.busy}
      onFirst=${reload}
      onNext=${() => {
        setCursors([...cursors, page.result.nextCursor]);
        load(page.result.nextCursor);
      }}
    />
  </section>`;
}
