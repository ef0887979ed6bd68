// The kill-switch API, on its own node:http server: GET /kill-switch → { state };
// PUT /kill-switch with { "state": "ACTIVE" | "REDUCING" | "HALTED" } → { state, previous }.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@tickflow/service';
import { isKillSwitchState, KILL_SWITCH_STATES, type KillSwitch } from './kill-switch.ts';

export interface ApiServer {
  readonly port: number;
  close(): Promise<void>;
}

export interface ApiOptions {
  readonly killSwitch: KillSwitch;
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
}

export async function startApi(options: ApiOptions): Promise<ApiServer> {
  const server = createServer((request, response) => {
    handle(options, request, response).catch((error: unknown) => {
      options.logger.error({ err: error }, 'kill-switch API request failed');
      send(response, 500, { error: (error as Error).message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  options: ApiOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname !== '/kill-switch') return send(response, 404, { error: `no route ${url.pathname}` });
  const { killSwitch, logger } = options;
  if (request.method === 'GET') return send(response, 200, { state: await killSwitch.refresh() });
  if (request.method !== 'PUT') return send(response, 405, { error: 'only GET and PUT are supported' });
  const state = parseBody(await readBody(request));
  if (state === undefined)
    return send(response, 400, {
      error: `expected a JSON body {"state": ${KILL_SWITCH_STATES.map((s) => `"${s}"`).join(' | ')}}`,
    });
  const previous = await killSwitch.refresh();
  await killSwitch.set(state);
  logger.warn({ state, previous }, 'kill switch set through the API');
  send(response, 200, { state, previous });
}

function parseBody(text: string): ReturnType<KillSwitch['current']> | undefined {
  try {
    const body = JSON.parse(text) as { state?: unknown } | null;
    return isKillSwitchState(body?.state) ? body.state : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > 4096) break;
  }
  return text;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
