// The EventMonitor's ledger: fill-recorder's positions and PnL (per strategy and symbol),
// fetched from its query API at REPLAY_LEDGER_URL (with REPLAY_LEDGER_TOKEN as the bearer)
// and passed on as they came. Not configured → 404; fill-recorder unreachable, slow or
// erroring → 502 saying which.
import type { RouteContext, RouteRegistrar } from '@tickflow/service';
import { HttpError } from '@tickflow/service';
import { z } from 'zod';
import type { ReplayApp, ReplayServiceConfig } from '../app.ts';

type Context = RouteContext<ReplayServiceConfig, ReplayApp>;

const TIMEOUT_MS = 5_000;

async function fetchLedger(base: string, path: string, token: string | undefined): Promise<unknown> {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        accept: 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const why =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${TIMEOUT_MS / 1000} s`
        : error instanceof Error
          ? ((error.cause as Error | undefined)?.message ?? error.message)
          : String(error);
    throw new HttpError(502, `fill-recorder is unreachable at ${url.origin} (GET ${url.pathname}: ${why})`, {
      cause: error,
    });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new HttpError(
      502,
      `fill-recorder answered GET ${url.pathname} with ${response.status} ${response.statusText}`.trim(),
    );
  }
  try {
    return await response.json();
  } catch (error) {
    throw new HttpError(502, `fill-recorder answered GET ${url.pathname} with a body that is not JSON`, {
      cause: error,
    });
  }
}

export function ledgerRoutes(api: RouteRegistrar<Context>): void {
  api.route({
    method: 'GET',
    url: '/ledger',
    access: 'read',
    summary: "fill-recorder's positions and PnL, per strategy and symbol (REPLAY_LEDGER_URL)",
    description: 'Answers { positions, pnl }: the bodies of GET /positions and GET /pnl of fill-recorder.',
    tags: ['monitor'],
    schema: {
      querystring: z.strictObject({}),
      response: { 200: z.object({ positions: z.unknown(), pnl: z.unknown() }) },
    },
    handler: async (_request, { config }) => {
      const base = config.REPLAY_LEDGER_URL;
      if (base === undefined)
        throw new HttpError(404, 'the ledger is not configured here (REPLAY_LEDGER_URL)');
      const token = config.REPLAY_LEDGER_TOKEN;
      const [positions, pnl] = await Promise.all([
        fetchLedger(base, 'positions', token),
        fetchLedger(base, 'pnl', token),
      ]);
      return { positions, pnl };
    },
  });
}
