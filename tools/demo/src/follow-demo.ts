// `npm run demo -- --follow`: the endless synthetic feed (two symbols, paced in real time)
// through the whole pipeline, a status line every few seconds, until Ctrl-C; then ingest
// stops, the rest drain, the summary of the whole run prints and everything stops cleanly.
import { EVENT_TYPES, type EventType, partitionKeys } from '@tickflow/events';
import { interrupted } from './interrupted.ts';
import { cents, getJson, type PnlAnswer } from './ledger-lines.ts';
import { monitorLine } from './monitor.ts';
import { printSummary, reportStop } from './print-summary.ts';
import { PARTITIONS, type RunningPipeline, startPipeline, waitDrained } from './running-pipeline.ts';

const SYNTHETIC = {
  INGEST_SOURCE: 'synthetic',
  INGEST_SYMBOLS: 'BTCUSDT,ETHUSDT',
  INGEST_RATE: '200',
  INGEST_PACING: 'realtime',
};
const STATUS_EVERY_MS = 5_000;

export async function runFollowDemo(): Promise<number> {
  const started = Date.now();
  const pipeline = await startPipeline(SYNTHETIC);
  try {
    console.log(
      `Tickflow demo (follow) — synthetic ${SYNTHETIC.INGEST_SYMBOLS} at ${SYNTHETIC.INGEST_RATE} quotes/s on ${pipeline.embedded ? 'embedded redis-server' : 'Redis'} at ${pipeline.url}; Ctrl-C to stop`,
    );
    console.log(monitorLine(await pipeline.monitor.ready));
    const api = await pipeline.recorderApi;
    const timer = setInterval(() => {
      status(pipeline, api, started).then(console.log, (error: Error) =>
        console.log(`status: ${error.message}`),
      );
    }, STATUS_EVERY_MS);
    const ended = await Promise.race([interrupted(), pipeline.ingest.exited]);
    clearInterval(timer);
    if (ended !== 'interrupted') throw new Error(`market-data-ingest exited with ${ended}`);

    await pipeline.ingest.stop();
    await waitDrained(pipeline, 60_000);
    return await printSummary(pipeline, Date.now() - started, 'ticks paced in real time');
  } finally {
    await reportStop(pipeline.stop());
  }
}

async function stored(pipeline: RunningPipeline, type: EventType): Promise<number> {
  let total = 0;
  for (let p = 0; p < PARTITIONS; p++)
    total += await pipeline.redis.xlen(partitionKeys(pipeline.namespace, type, p).stream);
  return total;
}

/** One line: uptime, events stored per type, fills recorded, net PnL. */
async function status(pipeline: RunningPipeline, api: string, started: number): Promise<string> {
  const counts = await Promise.all(EVENT_TYPES.map((type) => stored(pipeline, type)));
  const pnl = await getJson<PnlAnswer & { fills: number }>(api, '/pnl');
  const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  const perType = EVENT_TYPES.map((type, i) => `${type} ${(counts[i] ?? 0).toLocaleString('en-US')}`).join(
    ' · ',
  );
  return `${seconds} s  ${perType} · recorded fills ${pnl.fills} · net PnL ${cents(pnl.total.net_pnl)}`;
}
