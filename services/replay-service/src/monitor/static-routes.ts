// The EventMonitor page and its files, public: they hold no data (every API call the page
// makes needs a token), so a browser can load the page before it asks for one.
//   GET /                     → web/index.html, with its Content-Security-Policy
//   GET /assets/vendor/<name> → Preact, htm, uPlot from the service's dependencies (fixed map)
//   GET /assets/<path>        → a file of web/ listed at start-up (nothing else)
// Revalidated by ETag: the page's files change in place (no build step, no hashed names),
// so a browser asks each time (no-cache) and gets a 304 when nothing changed; vendor files
// change only with a dependency upgrade and are kept for a day.
import type { RouteContext, RouteRegistrar, RouteReply } from '@tickflow/service';
import { HttpError } from '@tickflow/service';
import { z } from 'zod';
import type { ReplayApp, ReplayServiceConfig } from '../app.ts';
import { pageCsp } from './page-csp.ts';
import type { StaticFile } from './vendor-files.ts';

type Context = RouteContext<ReplayServiceConfig, ReplayApp>;

const tags = ['monitor'];

export function staticRoutes(api: RouteRegistrar<Context>): void {
  api.route({
    method: 'GET',
    url: '/',
    access: 'public',
    summary: 'The EventMonitor page (HTML; it asks for a token before it calls the API)',
    tags,
    schema: {},
    handler: async ({ headers }, { app }, reply) => {
      const page = await app.monitor.web.read('index.html');
      if (page === undefined)
        throw new HttpError(404, 'the monitor page is not installed (no web/index.html)');
      reply
        .header('content-security-policy', pageCsp(page.body.toString('utf8')))
        .header('referrer-policy', 'no-referrer');
      return send(page, 'no-cache', headers['if-none-match'], reply);
    },
  });
  api.route({
    method: 'GET',
    url: '/assets/vendor/:name',
    access: 'public',
    summary:
      'A third-party module of the page: preact.mjs, preact-hooks.mjs, htm.mjs, htm-preact.mjs, uplot.mjs, uplot.css',
    tags,
    schema: { params: z.object({ name: z.string() }) },
    handler: ({ params, headers }, { app }, reply) => {
      const file = app.monitor.vendor.get(params.name);
      if (file === undefined) throw new HttpError(404, `no vendor file ${params.name.slice(0, 80)}`);
      return send(file, 'public, max-age=86400', headers['if-none-match'], reply);
    },
  });
  api.route({
    method: 'GET',
    url: '/assets/*',
    access: 'public',
    summary: "A file of the page (scripts, styles, images), from the service's web folder",
    tags,
    schema: { params: z.object({ '*': z.string() }) },
    handler: async ({ params, headers }, { app }, reply) => {
      const file = await app.monitor.web.read(params['*']);
      if (file === undefined) throw new HttpError(404, `no asset ${params['*'].slice(0, 120)}`);
      return send(file, 'no-cache', headers['if-none-match'], reply);
    },
  });
}

/** The file's body, or nothing with 304 when the browser's copy (If-None-Match) is current. */
function send(
  file: StaticFile,
  cacheControl: string,
  ifNoneMatch: string | undefined,
  reply: RouteReply,
): Buffer | undefined {
  reply
    .header('content-type', file.contentType)
    .header('cache-control', cacheControl)
    .header('etag', file.etag)
    .header('x-content-type-options', 'nosniff');
  if (ifNoneMatch?.split(/\s*,\s*/).includes(file.etag)) {
    reply.status(304);
    return undefined;
  }
  return file.body;
}
