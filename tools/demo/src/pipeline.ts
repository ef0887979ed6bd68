// `npm run demo`: the whole pipeline as separate processes on an embedded, ephemeral Redis
// (or REDIS_URL): market-data-ingest replays the real Tardis BTCUSDT quotes, signal-engine
// runs both strategies, order-router sizes, risk-checks and fills on the paper venue,
// fill-recorder keeps the ledger. Then the summary, and every process stops cleanly.
import { randomBytes } from 'node:crypto';
import { connect } from '@tickflow/streams';
import { startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { pipelineDrained } from './drained.ts';
import { readAll, summarize } from './pipeline-summary.ts';
import { type NamedServiceProcess, startService } from './service-process.ts';

const PARTITIONS = 4;
const QUOTES = 'data/tardis/tardis_binance-futures_BTCUSDT_quotes_2020-02-22.csv';
/** A small book: at most 1 BTC either way, so a flip (2 BTC) passes the order-size check. */
const ROUTER = {
  ROUTER_API_PORT: '0',
  ROUTER_MAX_POSITION: '1',
  ROUTER_MAX_ORDER_QTY: '2',
  ROUTER_MAX_ORDER_NOTIONAL: '25000',
  ROUTER_PAPER_LATENCY_MS: '5',
  ROUTER_PAPER_SLIPPAGE_BPS: '1',
  ROUTER_PAPER_COMMISSION_BPS: '4',
};

export async function runPipelineDemo(): Promise<number> {
  const embedded = process.env.REDIS_URL ? undefined : await startEphemeralRedis();
  const url = process.env.REDIS_URL ?? (embedded?.url as string);
  // A fresh namespace on a shared Redis, so the demo never touches live streams.
  const namespace = embedded ? 'demo' : `demo-${randomBytes(3).toString('hex')}`;
  const env = { REDIS_URL: url, TICKFLOW_NAMESPACE: namespace, TICKFLOW_PARTITIONS: String(PARTITIONS) };
  const redis = await connect({ url }, 'commands');
  const services: NamedServiceProcess[] = [];
  try {
    console.log(
      `Tickflow demo — ${embedded ? 'embedded redis-server' : 'Redis'} at ${url}, namespace ${namespace}`,
    );
    const recorder = startService('fill-recorder', { ...env, FILL_RECORDER_API_PORT: '0' });
    const apiListening = recorder.logged('query API listening');
    services.push(
      recorder,
      startService('signal-engine', env),
      startService('order-router', { ...env, ...ROUTER }),
    );
    const started = Date.now();
    const ingest = startService('market-data-ingest', {
      ...env,
      INGEST_SOURCE: 'tardis-quotes',
      INGEST_PATH: QUOTES,
    });
    services.push(ingest);
    const ingestExit = await ingest.exited;
    if (ingestExit !== 0)
      throw new Error(`market-data-ingest exited with ${ingestExit}: ${ingest.errors.join('; ')}`);
    await waitFor(() => pipelineDrained(redis, namespace, PARTITIONS), {
      timeoutMs: 180_000,
      intervalMs: 250,
      description: 'every service to finish every event',
    });
    const elapsedMs = Date.now() - started;

    const { port } = (await apiListening) as { port: number };
    const api = async <T>(path: string) =>
      (await (await fetch(`http://127.0.0.1:${port}${path}`)).json()) as T;
    const lines = summarize(await readAll(redis, namespace, PARTITIONS), elapsedMs);
    lines.splice(
      5,
      0,
      ...ledgerLines(await api<PnlAnswer>('/pnl'), await api<PositionsAnswer>('/positions')),
    );
    console.log(`\n${lines.join('\n')}\n`);
    const errors = services.flatMap((service) => service.errors.map((error) => `${service.name}: ${error}`));
    if (errors.length > 0) console.log(`errors logged:\n  ${errors.join('\n  ')}`);
    return errors.length > 0 ? 1 : 0;
  } finally {
    const exits = await Promise.all(services.map((service) => service.stop()));
    const unclean = services.filter((_, i) => exits[i] !== 0 && services[i]?.name !== 'market-data-ingest');
    if (unclean.length > 0) console.log(`not stopped cleanly: ${unclean.map((s) => s.name).join(', ')}`);
    else console.log('all services stopped cleanly (SIGTERM → finish, ack, release).');
    redis.disconnect();
    await embedded?.stop();
  }
}

interface PnlAnswer {
  total: { realized_pnl: string; unrealized_pnl: string; commissions: string; net_pnl: string };
}

interface PositionsAnswer {
  positions: { symbol: string; quantity: string; average_price: string | null }[];
}

/** Exact ledger figures, shown to the cent (display only). */
const cents = (value: string) => Number(value).toFixed(2);

function ledgerLines(pnl: PnlAnswer, positions: PositionsAnswer): string[] {
  const held = positions.positions.map(
    (p) => `${p.symbol} ${p.quantity}${p.average_price === null ? '' : ` @ ${cents(p.average_price)}`}`,
  );
  const { realized_pnl, unrealized_pnl, commissions, net_pnl } = pnl.total;
  return [
    `positions   ${held.join(' · ') || 'none'}`,
    `PnL (USDT)  realized ${cents(realized_pnl)} · unrealized ${cents(unrealized_pnl)} · commissions ${cents(commissions)} · net ${cents(net_pnl)} (mark = last fill price)`,
  ];
}
