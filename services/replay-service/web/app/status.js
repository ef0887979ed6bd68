// The status bar: the namespace the service inspects, the live connection's state (with a
// "reconnecting" badge and why while it is down) and when the last snapshot was taken.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { describeError } from './api.js';
import { clock, duration, iso } from './format.js';
import { useLive } from './store.js';
import { useInterval } from './ui.js';

const STALE_MS = 5_000;
const LABELS = {
  idle: 'not connected',
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting',
  refused: 'token refused',
};

export function StatusBar() {
  const { snapshot, receivedAt, connection, detail } = useLive();
  const [now, setNow] = useState(Date.now());
  useInterval(() => setNow(Date.now()), 1_000);
  const stale = connection === 'live' && receivedAt !== undefined && now - receivedAt > STALE_MS;
  const down = connection === 'reconnecting' || connection === 'refused';
  return html`<div class="status-bar" data-testid="status-bar">
    <span>namespace <strong data-testid="status-namespace">${snapshot?.namespace ?? '–'}</strong></span>
    <span class=${`connection conn-${connection}`} data-testid="status-connection" data-state=${connection}>
      <span class="dot" aria-hidden="true"></span>${LABELS[connection] ?? connection}
    </span>
    ${
      down
        ? html`<span class="badge warn" data-testid="status-reconnecting" title=${detail.error ? describeError(detail.error) : ''}>
            ${connection === 'refused' ? 'refused' : 'reconnecting'}${detail.retryInMs ? ` in ${duration(detail.retryInMs)}` : ''}
          </span>`
        : null
    }
    ${stale ? html`<span class="badge warn" data-testid="status-stale">no snapshot for ${duration(now - receivedAt)}</span>` : null}
    <span class="push">
      ${'last snapshot '}
      <strong data-testid="status-last-snapshot" data-at=${snapshot?.at ?? ''} title=${iso(snapshot?.at)}>${clock(snapshot?.at)}</strong>
    </span>
  </div>`;
}
