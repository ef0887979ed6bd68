// The page: the token form until a token is given, then the header (tabs, role, change token,
// and the status bar under them), every view (kept mounted so their forms keep what was typed; only the open one is
// shown) and the status bar. The live connection runs for as long as a token is set.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { setApiSession } from './api.js';
import { AuditView } from './audit.js';
import { DeadLettersView } from './dead-letters.js';
import { EventsView } from './events.js';
import { FlowView } from './flow.js';
import { GroupsView } from './groups.js';
import { LatencyView } from './latency.js';
import { LedgerView } from './ledger.js';
import { connectLive } from './live.js';
import { ReplaysView } from './replays.js';
import { StatusBar } from './status.js';
import { pushSnapshot, resetLive, setConnection } from './store.js';
import { clearSession, loadSession, TokenForm } from './token.js';

export const TABS = [
  { id: 'flow', label: 'Flow', View: FlowView },
  { id: 'groups', label: 'Consumer groups', View: GroupsView },
  { id: 'dead-letters', label: 'Dead letters', View: DeadLettersView },
  { id: 'latency', label: 'Latency', View: LatencyView },
  { id: 'events', label: 'Events', View: EventsView },
  { id: 'replays', label: 'Replays', View: ReplaysView },
  { id: 'ledger', label: 'Ledger', View: LedgerView },
  { id: 'audit', label: 'Audit', View: AuditView },
];

function tabFromHash() {
  const id = location.hash.replace(/^#\/?/, '');
  return TABS.some((tab) => tab.id === id) ? id : 'flow';
}

function Monitor({ session, onSignOut }) {
  const [tab, setTab] = useState(tabFromHash());
  useEffect(() => {
    const follow = () => setTab(tabFromHash());
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  useEffect(() => {
    resetLive();
    return connectLive({ onSnapshot: pushSnapshot, onState: setConnection });
  }, [session.token]);

  return html`<div class="monitor">
    <header class="top">
      <div class="top-row">
        <div class="brand">Tickflow monitor</div>
        <nav class="tabs" role="tablist">
          ${TABS.map(
            (t) => html`<a
              key=${t.id}
              href=${`#${t.id}`}
              role="tab"
              class=${t.id === tab ? 'tab active' : 'tab'}
              aria-selected=${t.id === tab ? 'true' : 'false'}
              data-testid=${`tab-${t.id}`}
            >
              ${t.label}
            </a>`,
          )}
        </nav>
        <div class="who">
          <span class=${`badge role-${session.role}`} data-testid="role-badge" data-role=${session.role}>
            ${session.role === 'operator' ? 'operator' : 'read-only'}
          </span>
          ${session.actor ? html`<span class="muted" data-testid="actor-name">${session.actor}</span>` : null}
          <button type="button" class="small" data-testid="token-change" onClick=${onSignOut}>Change token</button>
        </div>
      </div>
      <${StatusBar} />
    </header>
    <main>
      ${TABS.map(
        ({ id, View }) =>
          html`<div key=${id} class="panel" role="tabpanel" data-testid=${`panel-${id}`} hidden=${id !== tab}>
            <${View} active=${id === tab} />
          </div>`,
      )}
    </main>
  </div>`;
}

export function App() {
  const [session, setSession] = useState(() => {
    const saved = loadSession();
    if (saved) setApiSession(saved);
    return saved;
  });
  if (!session) return html`<div class="center"><${TokenForm} onSession=${setSession} /></div>`;
  const signOut = () => {
    clearSession();
    setConnection('idle');
    setSession(undefined);
  };
  return html`<${Monitor} key=${session.token} session=${session} onSignOut=${signOut} />`;
}
