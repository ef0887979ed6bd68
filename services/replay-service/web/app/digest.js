// A run's determinism digest (GET /digest?namespace=<target>) and its diff against another
// namespace (GET /diff): identical, or the first divergent event of each type, both sides.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from './api.js';
import { brief, count } from './format.js';
import { ErrorNote, inputValue, useAction } from './ui.js';

function DigestText({ digest }) {
  return html`<div class="digest" data-testid="run-digest" data-digest=${digest.digest}>
    digest <span class="mono strong" data-testid="run-digest-text">${digest.digest}</span>
    <span class="muted">
      ${(digest.types ?? []).map((type) => ` · ${type} ${count(digest.counts?.[type])}`)}
    </span>
  </div>`;
}

function DiffResult({ diff }) {
  return html`<div class="diff" data-testid="run-diff" data-identical=${String(diff.identical)}>
    ${
      diff.identical
        ? html`<span class="badge ok">identical</span> ${diff.left} and ${diff.right}`
        : html`<span class="badge warn">different</span> ${diff.left} vs ${diff.right}`
    }
    <ul class="compact">
      ${(diff.types ?? []).map(
        (
          t,
        ) => html`<li key=${t.type} data-testid="run-diff-type" data-type=${t.type} data-identical=${String(t.identical)}>
          ${t.type}: ${t.identical ? 'identical' : `first difference at #${t.index}`} (${count(t.leftCount)} vs ${count(t.rightCount)})
          ${t.identical ? null : html`<div class="mono muted">left ${brief(t.left ?? 'none', 240)}</div><div class="mono muted">right ${brief(t.right ?? 'none', 240)}</div>`}
        </li>`,
      )}
    </ul>
  </div>`;
}

/** Digest of `namespace` (loaded at once when `auto`), and a diff against another namespace. */
export function DigestPanel({ namespace, against, auto }) {
  const [other, setOther] = useState(against ?? '');
  const [loadDigest, digest] = useAction(() => getJson('/digest', { namespace }));
  const [loadDiff, diff] = useAction(() => getJson('/diff', { left: namespace, right: other.trim() }));
  useEffect(() => {
    if (auto) loadDigest();
  }, [auto, namespace]);
  return html`<div class="digest-panel">
    <div class="toolbar">
      <button type="button" class="small" data-testid="run-digest-button" disabled=${digest.busy} onClick=${() => loadDigest()}>
        ${digest.busy ? 'Hashing…' : digest.result ? 'Digest again' : 'Digest'}
      </button>
      <input
        type="text"
        class="small-input"
        data-testid="run-diff-against"
        placeholder="namespace to compare"
        value=${other}
        onInput=${(e) => setOther(inputValue(e))}
      />
      <button type="button" class="small" data-testid="run-diff-button" disabled=${diff.busy || other.trim() === ''} onClick=${() => loadDiff()}>
        ${diff.busy ? 'Comparing…' : 'Diff'}
      </button>
    </div>
    <${ErrorNote} error=${digest.error} testid="run-digest-error" />
    ${digest.result ? html`<${DigestText} digest=${digest.result} />` : null}
    <${ErrorNote} error=${diff.error} testid="run-diff-error" />
    ${diff.result ? html`<${DiffResult} diff=${diff.result} />` : null}
  </div>`;
}
