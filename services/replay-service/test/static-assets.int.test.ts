// The EventMonitor's files as a browser gets them from the real process: the page with its
// import map allowed by hash in a strict CSP, the vendor modules from the service's own
// dependencies, the page's files listed at start-up and nothing else — no traversal, no
// dotfiles, no symlinks, no file added later. The page is a fixture (web/ belongs to the
// front end), written to a temporary folder the service is pointed at.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisForThisFile } from './support/file-redis.ts';
import { type RunningReplayService, startReplayService } from './support/replay-service.ts';

const file = redisForThisFile();
const IMPORT_MAP = `
{ "imports": { "preact": "/assets/vendor/preact.mjs", "htm/preact": "/assets/vendor/htm-preact.mjs" } }
`;
const PAGE = `<!doctype html>
<html><head><title>monitor fixture</title>
<script type="importmap">${IMPORT_MAP}</script>
<script type="module" src="/assets/app.js"></script>
</head><body></body></html>
`;
const SECRET = 'the-secret-outside-the-web-folder';
let root: string;
let service: RunningReplayService;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'monitor-web-'));
  const web = join(root, 'web');
  await mkdir(join(web, 'parts', 'icons'), { recursive: true });
  await writeFile(join(web, 'index.html'), PAGE);
  await writeFile(join(web, 'app.js'), "import { html } from 'htm/preact';\n");
  await writeFile(join(web, 'parts', 'icons', 'dot.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(web, 'notes.txt'), 'not a web file type');
  await writeFile(join(web, '.hidden.js'), 'dotfile');
  await writeFile(join(root, 'secret.js'), SECRET);
  await symlink(join(root, 'secret.js'), join(web, 'link.js'));
  service = await startReplayService({
    url: file.server.url,
    namespace: 'static',
    partitions: 1,
    env: { REPLAY_WEB_DIR: web },
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** GET with the path sent exactly as given (fetch would resolve `..` and dot segments first). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(service.api);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET / and /assets', () => {
  it('serves the page without a token, its import map allowed by hash in a strict CSP', async () => {
    const response = await fetch(`${service.api}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const html = await response.text();
    expect(html).toBe(PAGE);
    const csp = response.headers.get('content-security-policy') ?? '';
    const hash = createHash('sha256').update(IMPORT_MAP, 'utf8').digest('base64');
    const directives = csp.split(/;\s*/);
    expect(directives).toContain("default-src 'self'");
    expect(directives).toContain("connect-src 'self'");
    expect(directives).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('serves each vendor module from the service’s dependencies, with a JS (or CSS) content type', async () => {
    const resolved = (specifier: string) =>
      readFileSync(fileURLToPath(import.meta.resolve(specifier)), 'utf8');
    const vendor: [string, string, string][] = [
      ['preact.mjs', 'preact', 'text/javascript'],
      ['preact-hooks.mjs', 'preact/hooks', 'text/javascript'],
      ['htm.mjs', 'htm', 'text/javascript'],
      ['htm-preact.mjs', 'htm/preact', 'text/javascript'],
      ['uplot.mjs', 'uplot/dist/uPlot.esm.js', 'text/javascript'],
      ['uplot.css', 'uplot/dist/uPlot.min.css', 'text/css'],
    ];
    for (const [name, specifier, type] of vendor) {
      const response = await fetch(`${service.api}/assets/vendor/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type'), name).toBe(`${type}; charset=utf-8`);
      expect(response.headers.get('cache-control'), name).toMatch(/max-age=\d+/);
      expect(await response.text(), name).toBe(resolved(specifier));
    }
    // htm/preact's ESM build, not its CommonJS one: the page imports it as a module.
    expect(resolved('htm/preact')).toContain('export');
  });

  it('serves the page’s files by their path under web/, and answers 304 to a current copy', async () => {
    const app = await fetch(`${service.api}/assets/app.js`);
    expect(app.status).toBe(200);
    expect(app.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await app.text()).toContain('htm/preact');
    const svg = await fetch(`${service.api}/assets/parts/icons/dot.svg`);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');

    const etag = app.headers.get('etag') ?? 'missing';
    const again = await fetch(`${service.api}/assets/app.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('answers 404 for anything not listed at start-up: other types, dotfiles, symlinks, later files, unknown vendor names', async () => {
    await writeFile(join(root, 'web', 'later.js'), 'written after start-up');
    for (const path of [
      '/assets/notes.txt',
      '/assets/.hidden.js',
      '/assets/link.js',
      '/assets/later.js',
      '/assets/missing.js',
      '/assets/vendor/left-pad.mjs',
      '/assets/vendor/preact',
      '/assets/index.htm',
    ]) {
      const response = await fetch(`${service.api}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain(SECRET);
    }
  });

  it('answers 404 to `..` in every spelling, never a file outside web/', async () => {
    for (const path of [
      '/assets/../secret.js',
      '/assets/../../package.json',
      '/assets/%2e%2e/secret.js',
      '/assets/..%2fsecret.js',
      '/assets/%2e%2e%2fsecret.js',
      '/assets/parts/../../secret.js',
      '/assets/vendor/..%2f..%2fsecret.js',
      '/assets//etc/passwd',
      `/assets/${encodeURIComponent(join(root, 'secret.js'))}`,
    ]) {
      const got = await rawGet(path);
      expect(got.status, path).toBe(404);
      expect(got.body, path).not.toContain(SECRET);
    }
    expect(await readFile(join(root, 'secret.js'), 'utf8')).toBe(SECRET);
  });
});
