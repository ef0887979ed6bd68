// Generated files leave as the workspace's formatter would write them (`biome ci` runs on
// every file in CI): names of any length reflow lines and README tables, and JSON written by
// the devkit is laid out biome's way. Each file goes through `biome check --write` on stdin,
// with its own path so that biome.json applies (format, import order, safe fixes).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Tree } from '@nx/devkit';

// The languages biome handles here; for any other it prints nothing, so nothing else is sent.
const FORMATTED = /\.(ts|json|md|ya?ml)$/;

/** Formats every file the generator wrote or changed at or under `paths`, in the tree. */
export function formatWithBiome(tree: Tree, paths: readonly string[]): void {
  const biome = join(tree.root, 'node_modules', '.bin', 'biome');
  if (!existsSync(biome)) {
    throw new Error(`${biome} is missing: run pnpm install at the workspace root first`);
  }
  for (const change of tree.listChanges()) {
    const wanted = paths.some((path) => change.path === path || change.path.startsWith(`${path}/`));
    if (change.type === 'DELETE' || !wanted || !FORMATTED.test(change.path)) continue;
    const original = change.content ?? Buffer.alloc(0);
    const formatted = execFileSync(
      biome,
      ['check', '--write', `--stdin-file-path=${join(tree.root, change.path)}`],
      {
        cwd: tree.root,
        input: original,
        encoding: 'utf8',
      },
    );
    // A path biome ignores comes back empty: keep the file as written.
    if (formatted !== '' || original.length === 0) tree.write(change.path, formatted);
  }
}
