// Small pieces every view uses: an error note that says what the server answered (a refusal
// stands out as one), the state of an async action behind a button, and a labelled field.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from './api.js';

/** The error of a call, next to what caused it; a 401/403 reads as the server's refusal. */
export function ErrorNote({ error, testid }) {
  if (!error) return null;
  const refused = error.status === 401 || error.status === 403;
  return html`<p
    class=${refused ? 'error refused' : 'error'}
    role="alert"
    data-testid=${testid}
    data-status=${error.status ?? ''}
  >
    ${refused ? html`<strong>Refused by the server. </strong>` : null}${describeError(error)}
  </p>`;
}

/**
 * An async action behind a button: returns [run, { busy, error, result }, reset]. `run(...)`
 * resolves to the result, or to undefined when the action failed (the error is in the state).
 */
export function useAction(action) {
  const [state, setState] = useState({ busy: false, error: undefined, result: undefined });
  const mounted = useRef(true);
  // Only the latest call's outcome is shown: an older answer arriving late is dropped.
  const latest = useRef(0);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const run = async (...args) => {
    const call = ++latest.current;
    const current = () => mounted.current && call === latest.current;
    setState((previous) => ({ ...previous, busy: true, error: undefined }));
    try {
      const result = await action(...args);
      if (current()) setState({ busy: false, error: undefined, result });
      return result;
    } catch (error) {
      if (current()) setState({ busy: false, error, result: undefined });
      return undefined;
    }
  };
  const reset = () => setState({ busy: false, error: undefined, result: undefined });
  return [run, state, reset];
}

/** A label above its input. */
export function Field({ label, children, wide = false }) {
  return html`<label class=${wide ? 'field wide' : 'field'}><span>${label}</span>${children}</label>`;
}

/** Calls `tick` every `ms` while `enabled` (and once at once when it becomes so). */
export function useInterval(tick, ms, enabled = true) {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!enabled) return undefined;
    latest.current();
    const timer = setInterval(() => latest.current(), ms);
    return () => clearInterval(timer);
  }, [ms, enabled]);
}

/** The value of a form's input event. */
export function inputValue(event) {
  return event.currentTarget.value;
}

/**
 * First page / Next page buttons of a cursor-paged list; `testid` prefixes their test ids
 * (`<testid>-first`, `<testid>-next`).
 */
export function Pager({ testid, firstDisabled, nextDisabled, onFirst, onNext }) {
  return html`<div class="pager">
    <button type="button" data-testid=${`${testid}-first`} disabled=${firstDisabled} onClick=${onFirst}>First page</button>
    <button type="button" data-testid=${`${testid}-next`} disabled=${nextDisabled} onClick=${onNext}>Next page</button>
  </div>`;
}
