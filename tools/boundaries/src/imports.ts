// The import specifiers of a project's TypeScript files. A regex is enough here: the
// sources are formatted by biome, and a false positive only costs a lint message.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.reports', 'fixtures']);

export interface ImportSite {
  readonly file: string;
  readonly specifier: string;
}

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return /\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

export function importsOf(file: string): ImportSite[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(SPECIFIER)].map((match) => ({
    file,
    specifier: (match[1] ?? match[2] ?? match[3]) as string,
  }));
}
