// The Replays tab: the start form, and every run of the namespace (GET /replays, polled while
// the tab is open) with the live progress the snapshots carry merged in.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { getJson } from './api.js';
import { ReplayForm } from './replay-form.js';
import { RunRow } from './replay-run.js';
import { useLive } from './store.js';
import { ErrorNote, useAction, useInterval } from './ui.js';

const POLL_MS = 2_000;
const SHOWN = 20;

export function ReplaysView({ active }) {
  const { snapshot } = useLive();
  const [all, setAll] = useState(false);
  const [updates, setUpdates] = useState({});
  const [load, list] = useAction(async () => {
    const asked = Date.now();
    return { ...(await getJson('/replays')), asked };
  });
  useInterval(
    () => {
      if (!list.busy) load();
    },
    POLL_MS,
    active,
  );

  const progress = new Map((snapshot?.replays ?? []).map((p) => [p.id, p]));
  // A control's answer is newer than a list asked for before it, older than one asked after.
  const newer = (id) =>
    updates[id] && updates[id].at > (list.result?.asked ?? 0) ? updates[id].run : undefined;
  const runs = (list.result?.runs ?? []).map((run) => ({
    ...run,
    ...progress.get(run.id),
    ...newer(run.id),
  }));
  const onChanged = (run) => setUpdates((previous) => ({ ...previous, [run.id]: { run, at: Date.now() } }));
  const started = (run) => {
    onChanged(run);
    load();
  };
  const shown = all ? runs : runs.slice(0, SHOWN);

  return html`<section class="view">
    <h2>Replays</h2>
    <${ReplayForm} onStarted=${started} />
    <h3>Runs <span class="muted small">newest first</span></h3>
    <${ErrorNote} error=${list.error} testid="replays-error" />
    ${runs.length === 0 && list.result ? html`<p class="muted" data-testid="runs-empty">No replay yet.</p>` : null}
    <ul class="runs plain" data-testid="replay-runs">
      ${shown.map((run) => html`<${RunRow} key=${run.id} run=${run} namespace=${snapshot?.namespace} onChanged=${onChanged} />`)}
    </ul>
    ${runs.length > SHOWN ? html`<button type="button" onClick=${() => setAll(!all)}>${all ? 'Show fewer' : `Show all ${runs.length}`}</button>` : null}
  </section>`;
}
