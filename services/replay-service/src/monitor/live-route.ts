// GET /live: the monitor's Server-Sent Events. The response is taken over from fastify
// (hijack) and handed to the shared snapshot feed; nothing here reads Redis. Proxies must
// not buffer it (x-accel-buffering: no) nor cache it; a browser that loses the connection
// (a service restart) reconnects by itself after `retry` ms.
//   retry: 2000
//   event: snapshot            ← every REPLAY_MONITOR_INTERVAL_MS, a MonitorSnapshot as JSON
//   data: {"at":…}
//   : heartbeat                ← every 15 s
import type { RouteContext, RouteRegistrar } from '@tickflow/service';
import { z } from 'zod';
import type { ReplayApp, ReplayServiceConfig } from '../app.ts';

type Context = RouteContext<ReplayServiceConfig, ReplayApp>;

/** How long the browser waits before reconnecting, ms. */
const RETRY_MS = 2_000;

export function liveRoutes(api: RouteRegistrar<Context>): void {
  api.route({
    method: 'GET',
    url: '/live',
    access: 'read',
    summary: 'Live monitor snapshots as Server-Sent Events (event: snapshot, a heartbeat comment every 15 s)',
    description:
      'Each `snapshot` event carries a MonitorSnapshot (see @tickflow/replay): flow per type, consumer groups, dead letters, latency per hop, replay progress. All clients share one snapshot loop.',
    tags: ['monitor'],
    schema: {
      response: { 200: { content: { 'text/event-stream': { schema: z.string() } } } },
    },
    handler: (_request, { app }, reply) => {
      const response = reply.hijack();
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      // Also sends the headers now: the client sees the stream open before the first snapshot.
      response.write(`retry: ${RETRY_MS}\n\n`);
      const remove = app.monitor.feed.add(response);
      response.once('close', remove);
      return undefined;
    },
  });
}
