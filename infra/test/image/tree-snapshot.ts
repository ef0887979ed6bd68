// A fingerprint of a folder tree (every entry's type, size, mode, mtime; a link's target), to
// show a service wrote nothing into its image's tree: in the image that tree is the root
// filesystem, which Kubernetes mounts read-only.
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

export function treeSnapshot(root: string): Map<string, string> {
  const entries = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const stat = lstatSync(path);
      const key = relative(root, path);
      if (stat.isSymbolicLink()) entries.set(key, `link ${readlinkSync(path)}`);
      else if (stat.isDirectory()) {
        entries.set(key, `dir ${stat.mode} ${stat.mtimeMs}`);
        walk(path);
      } else entries.set(key, `file ${stat.size} ${stat.mode} ${stat.mtimeMs}`);
    }
  };
  walk(root);
  return entries;
}

/** Paths added, removed or changed between two snapshots. */
export function treeChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [path, value] of after) if (before.get(path) !== value) changed.push(path);
  for (const path of before.keys()) if (!after.has(path)) changed.push(`${path} (removed)`);
  return changed.sort();
}

/** Files (not folders or links) of the tree outside any node_modules: what came from the repository. */
export function sourceFiles(root: string): string[] {
  return [...treeSnapshot(root)]
    .filter(([path, value]) => value.startsWith('file ') && !path.split('/').includes('node_modules'))
    .map(([path]) => path)
    .sort();
}
