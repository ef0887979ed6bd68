// The causal chain of one event (GET /events/:id?chain=true): the tick at the root, then what
// it caused — signal, order, fills — depth first, each with the time of its hop from its cause
// in event time and in Redis append time, and the whole way from the tick to the event asked for.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { getJson } from './api.js';
import { brief, clock, duration, durationNs, iso } from './format.js';
import { ErrorNote, useAction } from './ui.js';

function ChainNode({ node, focus }) {
  const event = node.event ?? {};
  return html`<li
    class=${`chain-node depth-${Math.min(node.depth, 6)}${focus ? ' focus' : ''}`}
    data-testid="chain-node"
    data-type=${node.type}
    data-depth=${node.depth}
    data-id=${node.id}
  >
    <div class="chain-line">
      <span class=${`badge type-${node.type}`}>${node.type}</span>
      <span class="strong">${event.key ?? ''}</span>
      <span class="mono muted" title=${node.id}>${node.id.slice(0, 8)}…</span>
      <span class="muted" title=${event.eventTime ?? ''}>event ${event.eventTime ? event.eventTime.slice(11, 23) : '–'}</span>
      <span class="muted" title=${iso(node.appendMs)}>appended ${clock(node.appendMs)}</span>
      ${
        node.hop
          ? html`<span class="hop" data-testid="chain-hop" data-event-ns=${node.hop.eventNs} data-append-ms=${node.hop.appendMs}>
              +${durationNs(node.hop.eventNs)} <span class="muted">(append +${duration(node.hop.appendMs)})</span>
            </span>`
          : html`<span class="hop muted">root</span>`
      }
    </div>
    <div class="chain-data mono muted">${brief(event.data, 200)}</div>
  </li>`;
}

/** The chain of event `id`; `type` and `symbol` are hints that make finding it faster. */
export function CausalChain({ id, type, symbol, onClose }) {
  const [load, state] = useAction(() =>
    getJson(`/events/${encodeURIComponent(id)}`, { chain: 'true', type, symbol }),
  );
  useEffect(() => {
    load();
  }, [id]);
  const chain = state.result;
  const nodes = chain?.nodes ?? [];
  const root = nodes[0];
  const focus = nodes.find((node) => node.id === chain?.focusId);
  const total =
    root && focus && focus !== root
      ? durationNs(String(BigInt(focus.tsEventNs) - BigInt(root.tsEventNs)))
      : undefined;
  return html`<div class="card chain" data-testid="chain" data-complete=${chain ? String(chain.complete) : ''}>
    <div class="chain-head">
      <strong>Causal chain of <span class="mono">${id}</span></strong>
      ${onClose ? html`<button type="button" class="small" data-testid="chain-close" onClick=${onClose}>Close</button>` : null}
    </div>
    ${state.busy ? html`<p class="muted">Following the chain…</p>` : null}
    <${ErrorNote} error=${state.error} testid="chain-error" />
    ${
      chain
        ? html`<p class="muted">
            ${nodes.length} events
            ${total ? html` · tick → this ${focus.type}: <strong data-testid="chain-total">${total}</strong>` : null}
            ${chain.complete ? null : html` · <span class="badge warn">incomplete: a search stopped at its bound</span>`}
            ${chain.missingCause ? html` · the root's cause ${chain.missingCause} was not found` : null}
          </p>
          <ol class="chain-nodes">
            ${nodes.map((node) => html`<${ChainNode} key=${node.id} node=${node} focus=${node.id === chain.focusId} />`)}
          </ol>`
        : null
    }
  </div>`;
}
