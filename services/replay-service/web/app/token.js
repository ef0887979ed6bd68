// The token the page calls the API with: asked for once in a small form, kept in this tab's
// sessionStorage only (gone when the tab closes; never in localStorage or a cookie). The user
// says whether it is the read or the operator token — the page only shows it: the server
// decides what each token may do, and its refusals are shown where they happen.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { getJson, setApiSession } from './api.js';
import { ErrorNote, Field, inputValue } from './ui.js';

const KEY = 'tickflow.monitor.session';

/** The session saved in this tab, or undefined. */
export function loadSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (saved && typeof saved.token === 'string' && saved.token !== '') {
      return {
        token: saved.token,
        role: saved.role === 'operator' ? 'operator' : 'read',
        actor: saved.actor ?? '',
      };
    }
  } catch {
    // nothing usable saved
  }
  return undefined;
}

export function saveSession(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
  setApiSession({ token: '', actor: '' });
}

/** The form asking for the token; calls onSession once the server took the token for a read. */
export function TokenForm({ onSession }) {
  const [token, setToken] = useState('');
  const [role, setRole] = useState('read');
  const [actor, setActor] = useState('');
  const [error, setError] = useState();
  const [busy, setBusy] = useState(false);

  const submit = async (event) => {
    event.preventDefault();
    const session = { token: token.trim(), role, actor: actor.trim() };
    setBusy(true);
    setError(undefined);
    setApiSession(session);
    try {
      // A read every token may do: a wrong token is told now, not on the first view.
      await getJson('/audit', { limit: 1 });
    } catch (failure) {
      if (failure.status === 401) {
        setApiSession({ token: '', actor: '' });
        setError(failure);
        setBusy(false);
        return;
      }
      // Anything else (the service still starting, say) does not say the token is wrong.
    }
    saveSession(session);
    setBusy(false);
    onSession(session);
  };

  return html`<form class="token-form card" data-testid="token-form" onSubmit=${submit}>
    <h1>Tickflow monitor</h1>
    <p class="muted">
      The API token is kept in this tab only (session storage) and sent with every call. The read
      token shows everything; operator actions (requeue, replays) need the operator token.
    </p>
    <${Field} label="API token" wide>
      <input
        type="password"
        required
        minlength="1"
        autocomplete="off"
        data-testid="token-input"
        value=${token}
        onInput=${(e) => setToken(inputValue(e))}
      />
    <//>
    <fieldset class="role">
      <legend>This token is the</legend>
      <label>
        <input
          type="radio"
          name="role"
          value="read"
          data-testid="token-role-read"
          checked=${role === 'read'}
          onChange=${() => setRole('read')}
        />
        read token (viewing)
      </label>
      <label>
        <input
          type="radio"
          name="role"
          value="operator"
          data-testid="token-role-operator"
          checked=${role === 'operator'}
          onChange=${() => setRole('operator')}
        />
        operator token (actions)
      </label>
    </fieldset>
    <${Field} label="Your name, for the audit log (optional)" wide>
      <input
        type="text"
        maxlength="64"
        pattern="[ -~]*"
        data-testid="token-actor"
        value=${actor}
        onInput=${(e) => setActor(inputValue(e))}
      />
    <//>
    <button type="submit" class="primary" data-testid="token-submit" disabled=${busy || token.trim() === ''}>
      ${busy ? 'Checking…' : 'Open the monitor'}
    </button>
    <${ErrorNote} error=${error} testid="token-error" />
  </form>`;
}
