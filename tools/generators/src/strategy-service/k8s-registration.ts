// Where the Kubernetes configuration lists services, the new one is added: the base's
// `resources:` (one line), and each overlay's `images:` (one entry, with the tag the overlay
// gives signal-engine, so the strategy's image is pinned like the others and not `latest`).
// Edits are line-based, leaving the files' comments and layout as they are.
import type { Tree } from '@nx/devkit';
import type { StrategyServiceNames } from './names.ts';

export const K8S_BASE_KUSTOMIZATION = 'infra/k8s/base/kustomization.yaml';
const OVERLAYS = 'infra/k8s/overlays';
const REFERENCE_IMAGE = 'tickflow/signal-engine';

/** Every kustomization file the generator changes. */
export function registrationFiles(tree: Tree): string[] {
  const overlays = tree.exists(OVERLAYS) ? tree.children(OVERLAYS) : [];
  return [
    K8S_BASE_KUSTOMIZATION,
    ...overlays
      .map((overlay) => `${OVERLAYS}/${overlay}/kustomization.yaml`)
      .filter((path) => tree.exists(path)),
  ];
}

export function registerStrategyK8s(tree: Tree, names: StrategyServiceNames): void {
  const [base = K8S_BASE_KUSTOMIZATION, ...overlays] = registrationFiles(tree);
  if (!tree.exists(base)) throw new Error(`${base} is missing: it lists the services of the base`);
  edit(tree, base, (lines) => {
    const list = topLevelList(lines, 'resources');
    if (list === undefined)
      throw new Error(`${base} has no "resources:" list to add ${names.serviceName} to`);
    const indent = /^(\s*)-/.exec(lines[list.last] ?? '')?.[1] ?? '  ';
    lines.splice(list.last + 1, 0, `${indent}- ${names.serviceName}`);
  });
  for (const overlay of overlays) {
    edit(tree, overlay, (lines) => {
      const list = topLevelList(lines, 'images');
      if (list === undefined) return; // this overlay pins no images
      const entry = imageEntry(lines, list);
      if (entry === undefined) return; // nor signal-engine's: nothing to follow
      const image = `tickflow/${names.serviceName}`;
      lines.splice(list.last + 1, 0, ...entry.map((line) => line.replace(REFERENCE_IMAGE, image)));
    });
  }
}

function edit(tree: Tree, path: string, change: (lines: string[]) => void): void {
  const lines = (tree.read(path, 'utf-8') ?? '').split('\n');
  change(lines);
  tree.write(path, lines.join('\n'));
}

interface ListBlock {
  /** The `key:` line. */
  readonly start: number;
  /** The last indented line of its value (comments and blank lines after it excluded). */
  readonly last: number;
}

/** A top-level block `key:` followed by indented lines, up to the next top-level line. */
function topLevelList(lines: readonly string[], key: string): ListBlock | undefined {
  const start = lines.findIndex((line) => line === `${key}:` || line.startsWith(`${key}: `));
  if (start < 0) return undefined;
  let last = start;
  for (let at = start + 1; at < lines.length; at++) {
    const line = lines[at] ?? '';
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) break; // the next top-level key, or a comment above it
    last = at;
  }
  return { start, last };
}

/** The lines of signal-engine's entry in an `images:` list (`- name: …` and its fields). */
function imageEntry(lines: readonly string[], list: ListBlock): string[] | undefined {
  for (let at = list.start + 1; at <= list.last; at++) {
    const match = /^(\s*)- name: (\S+)\s*$/.exec(lines[at] ?? '');
    if (match?.[2] !== REFERENCE_IMAGE) continue;
    const itemIndent = match[1] ?? '';
    let end = at;
    while (end + 1 <= list.last && (lines[end + 1] ?? '').startsWith(`${itemIndent} `)) end++;
    return lines.slice(at, end + 1);
  }
  return undefined;
}
