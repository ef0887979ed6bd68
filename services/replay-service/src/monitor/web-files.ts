// The page's own files (web/): the set is listed once, at start-up, and only those paths are
// ever served — a request path is a key looked up in that set, never joined onto a folder,
// so `..`, encoded slashes or symlinks cannot reach anything else. Contents are read on each
// request (small files; an edited page shows on reload, a new file needs a restart).
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { etagOf, type StaticFile } from './vendor-files.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface WebFiles {
  /** The folder listed. */
  readonly dir: string;
  /** Relative paths served (`/`-separated), sorted. */
  readonly paths: readonly string[];
  /** The file at a relative path, or undefined when it is not one listed at start-up (or is gone). */
  read(path: string): Promise<StaticFile | undefined>;
}

/** Lists `dir` (recursively; dotfiles, symlinks and unknown file types left out). A missing folder serves nothing. */
export async function listWebFiles(folder: string): Promise<WebFiles> {
  const dir = resolve(folder);
  const served = new Map<string, string>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  for (const entry of entries) {
    if (!entry.isFile() || CONTENT_TYPES[extname(entry.name)] === undefined) continue;
    const absolute = join(entry.parentPath, entry.name);
    const relative = absolute
      .slice(dir.length + 1)
      .split(sep)
      .join('/');
    if (relative.split('/').some((segment) => segment.startsWith('.'))) continue;
    served.set(relative, absolute);
  }
  return {
    dir,
    paths: [...served.keys()].sort(),
    async read(path) {
      const absolute = served.get(path);
      if (absolute === undefined) return undefined;
      const body = await readFile(absolute).catch(() => undefined);
      if (body === undefined) return undefined;
      return { body, contentType: CONTENT_TYPES[extname(path)] as string, etag: etagOf(body) };
    },
  };
}
