// The dev overlay's share of the new service's Redis login: its dev-only Secret
// `strategy-<name>-redis` (username and password, which its Deployment reads), and that
// Secret's password among the files the dev Redis' init container hashes into its ACL file
// (add-passwords.sh). Both are copies of signal-engine's entries with the name replaced, put
// after signal-engine's (and the strategies' already there), so they cannot drift from what
// a service's login looks like. Production lists `{service}-redis` once for every service
// (infra/k8s/external-secrets.yaml): nothing to add there. Edits are line-based, like
// k8s-registration.ts, leaving comments and layout as they are.
import type { Tree } from '@nx/devkit';
import type { StrategyServiceNames } from './names.ts';

export const DEV_KUSTOMIZATION = 'infra/k8s/overlays/dev/kustomization.yaml';
export const DEV_REDIS_STATEFUL_SET = 'infra/k8s/overlays/dev/redis/stateful-set.yaml';
const REFERENCE_NAME = 'signal-engine';
const REFERENCE_SECRET = `${REFERENCE_NAME}-redis`;

export function registerStrategyDevRedis(tree: Tree, names: StrategyServiceNames): void {
  // secretGenerator: `- name: signal-engine-redis` and its literals.
  copyEntryAfterReference(tree, DEV_KUSTOMIZATION, names, 'the dev Secret');
  // The init container's `passwords` volume: `- secret: name: signal-engine-redis`, its item.
  copyEntryAfterReference(tree, DEV_REDIS_STATEFUL_SET, names, "the dev Redis' password file");
}

function copyEntryAfterReference(tree: Tree, path: string, names: StrategyServiceNames, what: string): void {
  const lines = (tree.read(path, 'utf-8') ?? '').split('\n');
  const reference = entryNaming(lines, REFERENCE_SECRET);
  if (reference === undefined) {
    throw new Error(
      `${path} has no list entry named ${REFERENCE_SECRET}: ${what} of ${names.serviceName} is copied from it`,
    );
  }
  let last = reference;
  // Strategies added before stay in the order they were generated.
  for (let next = entryAt(lines, last.end + 1); next && isStrategySecret(next, lines); ) {
    last = next;
    next = entryAt(lines, last.end + 1);
  }
  const copy = lines
    .slice(reference.start, reference.end + 1)
    .map((line) => line.replaceAll(REFERENCE_NAME, names.serviceName));
  lines.splice(last.end + 1, 0, ...copy);
  tree.write(path, lines.join('\n'));
}

interface Entry {
  /** The `- …` line. */
  readonly start: number;
  /** Its last line (the lines after it indented deeper than its `-`). */
  readonly end: number;
  readonly indent: string;
}

/** The list entry starting at `start` (a `- …` line), if there is one. */
function entryAt(lines: readonly string[], start: number): Entry | undefined {
  const indent = /^(\s*)- /.exec(lines[start] ?? '')?.[1];
  if (indent === undefined) return undefined;
  let end = start;
  while ((lines[end + 1] ?? '').startsWith(`${indent} `)) end++;
  return { start, end, indent };
}

/** The list entry holding `name: <name>`: its own `- name:` line, or the `- …` line above it. */
function entryNaming(lines: readonly string[], name: string): Entry | undefined {
  const at = lines.findIndex((line) => new RegExp(`^\\s*(- )?name: ${name}\\s*$`).test(line));
  if (at < 0) return undefined;
  const column = (lines[at] ?? '').indexOf('name:');
  for (let start = at; start >= 0; start--) {
    const entry = entryAt(lines, start);
    if (entry !== undefined && entry.indent.length < column && entry.end >= at) return entry;
  }
  return undefined;
}

function isStrategySecret(entry: Entry, lines: readonly string[]): boolean {
  return lines
    .slice(entry.start, entry.end + 1)
    .some((line) => /^\s*(- )?name: strategy-[a-z0-9-]+-redis\s*$/.test(line));
}
