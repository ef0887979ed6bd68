// The page's third-party modules, served from the service's own dependencies (no CDN: the
// page works with no network beyond the service). A fixed map of names to package files, so
// nothing else under node_modules can be asked for; each file is read once, at start-up.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@tickflow/service';

/** `/assets/vendor/<name>` → the module specifier it is resolved from. */
export const VENDOR_SPECIFIERS: Readonly<Record<string, string>> = {
  'preact.mjs': 'preact',
  'preact-hooks.mjs': 'preact/hooks',
  'htm.mjs': 'htm',
  'htm-preact.mjs': 'htm/preact',
  'uplot.mjs': 'uplot/dist/uPlot.esm.js',
  'uplot.css': 'uplot/dist/uPlot.min.css',
};

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
  /** A strong validator of the content. */
  readonly etag: string;
}

/** Every vendor file that resolves; one that does not is logged and left out (its URL answers 404). */
export async function loadVendorFiles(logger: Logger): Promise<ReadonlyMap<string, StaticFile>> {
  const files = new Map<string, StaticFile>();
  for (const [name, specifier] of Object.entries(VENDOR_SPECIFIERS)) {
    try {
      const body = await readFile(fileURLToPath(import.meta.resolve(specifier)));
      files.set(name, {
        body,
        contentType: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
        etag: etagOf(body),
      });
    } catch (error) {
      logger.warn({ err: error, name, specifier }, 'monitor vendor file not found; its URL answers 404');
    }
  }
  return files;
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}
