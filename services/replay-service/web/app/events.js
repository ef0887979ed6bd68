// The Events tab: browse history by type, symbol, time range and a CEL filter, a page at a time
// (the server reads only the page it answers, so a million-entry stream stays fast), Next by
// cursor; a live tail that re-asks for the newest page every 2 s; the NDJSON export of the
// selection; and the causal chain of any event shown.
import { html } from 'htm/preact';
import { useRef, useState } from 'preact/hooks';
import { getJson } from './api.js';
import { CausalChain } from './chain.js';
import { ExportButton } from './export.js';
import { brief, clock, count, iso, timeBound } from './format.js';
import { EVENT_TYPES } from './store.js';
import { ErrorNote, Field, inputValue, Pager, useAction, useInterval } from './ui.js';

const TAIL_EVERY_MS = 2_000;

function EventRow({ event, onChain }) {
  return html`<tr data-testid="event-row" data-id=${event.id} data-type=${event.type} data-symbol=${event.key}>
    <td title=${iso(event.appendMs)}>${clock(event.appendMs)}</td>
    <td><span class=${`badge type-${event.type}`}>${event.type}</span></td>
    <td class="strong">${event.key}</td>
    <td class="mono" title=${event.eventTime}>${event.eventTime?.slice(0, 23).replace('T', ' ')}</td>
    <td class="mono muted" title=${event.id}>${event.id.slice(0, 8)}…</td>
    <td class="mono data">${brief(event.data)}</td>
    <td><button type="button" class="small" data-testid="event-chain-button" onClick=${onChain}>Chain</button></td>
  </tr>`;
}

export function EventsView({ active }) {
  const [form, setForm] = useState({
    type: '',
    symbols: '',
    from: '',
    to: '',
    time: 'append',
    filter: '',
    order: 'newest',
    limit: '50',
  });
  const [tail, setTail] = useState(false);
  const [cursors, setCursors] = useState([]);
  const [chain, setChain] = useState();
  const inFlight = useRef(false);
  const set = (name) => (event) => setForm({ ...form, [name]: inputValue(event) });

  const selection = () => ({
    types: form.type,
    symbols: form.symbols.replace(/\s+/g, ''),
    from: timeBound(form.from),
    to: timeBound(form.to),
    time: form.time === 'event' ? 'event' : undefined,
    filter: form.filter.trim(),
  });
  const [query, page] = useAction(async (cursor, order) => {
    inFlight.current = true;
    try {
      return await getJson('/events', { ...selection(), order, limit: form.limit, cursor });
    } finally {
      inFlight.current = false;
    }
  });

  const search = (event) => {
    event?.preventDefault();
    setCursors([]);
    query(undefined, form.order);
  };
  const next = () => {
    const cursor = page.result?.nextCursor;
    setCursors([...cursors, cursor]);
    query(cursor, form.order);
  };
  useInterval(
    () => {
      if (!inFlight.current) query(undefined, 'newest');
    },
    TAIL_EVERY_MS,
    tail && active,
  );

  const result = page.result;
  const events = result?.events ?? [];
  return html`<section class="view">
    <h2>Event browser</h2>
    <form class="card toolbar-card" data-testid="events-form" onSubmit=${search}>
      <div class="toolbar">
        <${Field} label="type">
          <select data-testid="events-type" value=${form.type} onChange=${set('type')}>
            <option value="">all types</option>
            ${EVENT_TYPES.map((type) => html`<option key=${type} value=${type}>${type}</option>`)}
          </select>
        <//>
        <${Field} label="symbols">
          <input type="text" data-testid="events-symbol" placeholder="BTCUSDT,ETHUSDT" value=${form.symbols} onInput=${set('symbols')} />
        <//>
        <${Field} label="from">
          <input type="text" data-testid="events-from" placeholder="ISO, epoch ms, -15m" value=${form.from} onInput=${set('from')} />
        <//>
        <${Field} label="to">
          <input type="text" data-testid="events-to" placeholder="ISO, epoch ms, now" value=${form.to} onInput=${set('to')} />
        <//>
        <${Field} label="time is">
          <select data-testid="events-time" value=${form.time} onChange=${set('time')}>
            <option value="append">append time</option>
            <option value="event">event time</option>
          </select>
        <//>
        <${Field} label="order">
          <select data-testid="events-order" value=${form.order} onChange=${set('order')}>
            <option value="newest">newest first</option>
            <option value="oldest">oldest first</option>
          </select>
        <//>
        <${Field} label="page">
          <select data-testid="events-limit" value=${form.limit} onChange=${set('limit')}>
            ${['20', '50', '100', '500'].map((n) => html`<option key=${n} value=${n}>${n}</option>`)}
          </select>
        <//>
      </div>
      <div class="toolbar">
        <${Field} label="filter (CEL)" wide>
          <input
            type="text"
            class="mono"
            data-testid="events-filter"
            placeholder='event_type == "fill" && decimal(data.price) > 9000.0'
            value=${form.filter}
            onInput=${set('filter')}
          />
        <//>
        <button type="submit" class="primary" data-testid="events-search" disabled=${page.busy && !tail}>Search</button>
        <label class="inline">
          <input type="checkbox" data-testid="events-tail" checked=${tail} onChange=${() => setTail(!tail)} />
          live tail (newest, every 2 s)
        </label>
        <${ExportButton} selection=${selection} />
      </div>
    </form>
    <${ErrorNote} error=${page.error} testid="events-error" />
    ${chain ? html`<${CausalChain} key=${chain.id} id=${chain.id} type=${chain.type} symbol=${chain.key} onClose=${() => setChain(undefined)} />` : null}
    ${
      result
        ? html`<p class="muted" data-testid="events-status" data-count=${events.length}>
            ${count(events.length)} events${tail ? ' (live tail)' : cursors.length > 0 ? `, page ${cursors.length + 1}` : ''} ·
            scanned ${count(result.scanned)}${result.exhausted ? ' · end of the range' : ''}
            ${result.undecodable?.length ? html` · <span class="badge warn">${result.undecodable.length} undecodable</span>` : null}
          </p>`
        : html`<p class="muted">Choose a selection and Search.</p>`
    }
    ${
      events.length > 0
        ? html`<table class="table" data-testid="events-table">
            <thead>
              <tr><th>appended</th><th>type</th><th>symbol</th><th>event time (UTC)</th><th>id</th><th>data</th><th></th></tr>
            </thead>
            <tbody>
              ${events.map((event) => html`<${EventRow} key=${`${event.stream}/${event.entryId}`} event=${event} onChain=${() => setChain(event)} />`)}
            </tbody>
          </table>`
        : null
    }
    <${Pager}
      testid="events"
      firstDisabled=${cursors.length === 0 || tail || page.busy}
      nextDisabled=${!result?.nextCursor || tail || page.busy}
      onFirst=${() => search()}
      onNext=${next}
    />
  </section>`;
}
