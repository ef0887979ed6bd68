// Renders a kustomization the way CI and an operator do: `kubectl kustomize` (kubectl ≥ 1.27,
// which embeds kustomize 5), or a standalone `kustomize build` when kubectl is absent. No
// cluster is needed. The overlays use kustomize 5 features (`patches` with label selectors,
// `labels`), so an older embedded kustomize (Debian's kubectl 1.20 has v2) is refused with
// a clear message instead of rendering something else.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const K8S_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../k8s');

/** A rendered Kubernetes object, as parsed from kustomize's YAML. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export class KustomizeUnavailableError extends Error {
  readonly code = 'KUSTOMIZE_UNAVAILABLE';
}

const MIN_KUSTOMIZE_MAJOR = 5;

function commandOutput(command: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function kustomizeMajor(versionText: string): number | undefined {
  const match = /Kustomize Version:\s*v?(\d+)\.|kustomize\/v?(\d+)\.|^v?(\d+)\.\d+/m.exec(versionText);
  const major = match?.[1] ?? match?.[2] ?? match?.[3];
  return major === undefined ? undefined : Number(major);
}

let renderer: readonly string[] | undefined;

/** The command line that renders a directory: `kubectl kustomize` or `kustomize build` (found once). */
export function findRenderer(): readonly string[] {
  renderer ??= locateRenderer();
  return renderer;
}

function locateRenderer(): readonly string[] {
  const problems: string[] = [];
  const candidates = [
    { command: ['kubectl', 'kustomize'], version: ['kubectl', 'version', '--client'] },
    { command: ['kustomize', 'build'], version: ['kustomize', 'version'] },
  ] as const;
  for (const { command, version } of candidates) {
    const [tool, ...args] = version;
    const text = commandOutput(tool, args);
    if (text === undefined) {
      problems.push(`${tool}: not found on PATH`);
      continue;
    }
    const major = kustomizeMajor(text);
    if (major !== undefined && major >= MIN_KUSTOMIZE_MAJOR) return command;
    problems.push(`${tool}: its kustomize is too old (${text.trim().replace(/\n/g, '; ')})`);
  }
  throw new KustomizeUnavailableError(
    `Rendering the Kubernetes manifests needs kubectl >= 1.27 or kustomize >= ${MIN_KUSTOMIZE_MAJOR} on PATH ` +
      `(${problems.join('; ')}). Install kubectl from https://dl.k8s.io (see infra/README.md, "Kubernetes").`,
  );
}

const rendered = new Map<string, string>();

/**
 * `kubectl kustomize dir`, as text: rendered once per directory and test file, unless
 * `fresh` (a directory the test edits).
 */
export function renderText(dir: string, fresh = false): string {
  const cached = fresh ? undefined : rendered.get(dir);
  if (cached !== undefined) return cached;
  const [command, ...args] = findRenderer() as [string, ...string[]];
  const text = execFileSync(command, [...args, dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  rendered.set(dir, text);
  return text;
}

/** `kubectl kustomize dir`, parsed: every object of the render, in order (a fresh copy each call). */
export function render(dir: string, fresh = false): K8sObject[] {
  return parseAllDocuments(renderText(dir, fresh)).flatMap((document) => {
    if (document.errors.length > 0)
      throw new Error(`${dir}: unreadable render: ${document.errors[0]?.message}`);
    const value = document.toJS() as K8sObject | null;
    return value === null ? [] : [value];
  });
}

/** The overlay directories under `k8sDir/overlays` (each has a kustomization.yaml). */
export function overlayDirs(k8sDir: string = K8S_DIR): string[] {
  const root = join(k8sDir, 'overlays');
  return readdirSync(root)
    .map((name) => join(root, name))
    .filter((dir) => existsSync(join(dir, 'kustomization.yaml')))
    .sort();
}

/** `Kind/name` of an object: what the tests print and compare. */
export function idOf(object: K8sObject): string {
  return `${object.kind}/${object.metadata.name}`;
}
