// A throwaway copy of this workspace, for running the generator as a developer would:
// every file but installs, caches and history, then `pnpm install` from the local store only
// (the store already holds every package the lockfile names; linking takes about a second).
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(import.meta.dirname, '../../../..');

/** Never copied: installs, the toolchain, caches, history, test reports. */
const LEFT_OUT = new Set(['node_modules', '.git', '.toolchain', '.nx', '.reports']);

/** Keeps pnpm off the network (pnpm reads `pnpm_config_*` from the environment) and nx quiet. */
export const OFFLINE_ENV: Readonly<Record<string, string>> = {
  pnpm_config_offline: 'true',
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  NX_NO_CLOUD: 'true',
  FORCE_COLOR: '0',
  NO_COLOR: '1',
};

export interface WorkspaceCopy {
  readonly root: string;
  /** Runs a command in `cwd` (relative to the copy's root); never throws, returns what it did. */
  run(command: string, args: readonly string[], cwd?: string): SpawnSyncReturns<string>;
  /** A digest of every file's content by path (left-out folders excepted). */
  fileDigests(): Map<string, string>;
  remove(): void;
}

export function copyWorkspace(prefix: string): WorkspaceCopy {
  const root = mkdtempSync(join(tmpdir(), prefix));
  cpSync(WORKSPACE_ROOT, root, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => !LEFT_OUT.has(basename(source)),
  });
  const run = (command: string, args: readonly string[], cwd = '.') =>
    spawnSync(command, args, {
      cwd: join(root, cwd),
      env: { ...process.env, ...OFFLINE_ENV },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  const installed = run('pnpm', ['install', '--frozen-lockfile=false', '--reporter=append-only']);
  if (installed.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`pnpm install in the workspace copy failed:\n${installed.stdout}${installed.stderr}`);
  }
  return {
    root,
    run,
    fileDigests: () => digestsUnder(root, root),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

function digestsUnder(root: string, folder: string, into = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (LEFT_OUT.has(entry.name)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) digestsUnder(root, path, into);
    else if (entry.isFile()) {
      into.set(relative(root, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  }
  return into;
}

/** The paths whose content differs between two digests (added, changed or removed), sorted. */
export function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}

/** A command's output, for failure messages. */
export function outputOf(result: SpawnSyncReturns<string>): string {
  return `exit ${result.status ?? result.signal}\n${result.stdout}\n${result.stderr}`.slice(-6_000);
}
