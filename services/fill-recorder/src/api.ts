// The query API, on its own node:http server: /positions, /pnl, /fills, /ledger/rebuild-check.
// Positions and PnL come from the acked books in Redis; fills from the fill streams.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@tickflow/service';
import { mergeBooks } from './book.ts';
import { queryFills } from './fills.ts';
import { type Redis, readCheckpoints, type Scope } from './ledger-store.ts';
import { parseFillsQuery, QueryError } from './query.ts';
import { rebuildCheck } from './rebuild.ts';
import { pnlView, positionsView } from './views.ts';

export interface ApiServer {
  readonly port: number;
  close(): Promise<void>;
}

export interface ApiOptions {
  readonly redis: Redis;
  readonly scope: Scope;
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
}

type Route = (url: URL) => Promise<unknown>;

export async function startApi(options: ApiOptions): Promise<ApiServer> {
  const { redis, scope } = options;
  const book = async () => mergeBooks((await readCheckpoints(redis, scope)).map((c) => c.book));
  const routes: Record<string, Route> = {
    '/positions': async () => positionsView(await book()),
    '/pnl': async () => ({ mark: 'latest fill by event time, per symbol', ...pnlView(await book()) }),
    '/fills': (url) => queryFills(redis, scope, parseFillsQuery(url.searchParams)),
    '/ledger/rebuild-check': async () => {
      const check = await rebuildCheck(redis, scope);
      return { identical: check.identical, fills: check.live.fills };
    },
  };

  const server = createServer((request, response) => {
    void handle(routes, request, response, options.logger);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  routes: Record<string, Route>,
  request: IncomingMessage,
  response: ServerResponse,
  logger: Logger,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const route = routes[url.pathname];
  if (!route) return send(response, 404, { error: `no route ${url.pathname}` });
  if (request.method !== 'GET') return send(response, 405, { error: 'only GET is supported' });
  try {
    send(response, 200, await route(url));
  } catch (error) {
    if (error instanceof QueryError)
      return send(response, 400, { error: error.message, parameter: error.parameter });
    logger.error({ err: error, path: url.pathname }, 'query failed');
    send(response, 500, { error: (error as Error).message });
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
