// `npm run demo`: the real Tardis BTCUSDT quotes through the whole pipeline as fast as it
// goes, until every service has handled every event; then the summary; then a backtest —
// the recorded quotes replayed into a fresh namespace with the consumers started there —
// whose orders and fills must hash to the live run's digest; and a clean stop.
import { runBacktest } from './backtest.ts';
import { TARDIS_QUOTES } from './demo-settings.ts';
import { interrupted } from './interrupted.ts';
import { monitorLine } from './monitor.ts';
import { printSummary, reportStop } from './print-summary.ts';
import { PARTITIONS, startPipeline, waitDrained } from './running-pipeline.ts';

export async function runReplayDemo(): Promise<number> {
  const started = Date.now();
  const pipeline = await startPipeline({ INGEST_SOURCE: 'tardis-quotes', INGEST_PATH: TARDIS_QUOTES });
  try {
    console.log(
      `Tickflow demo — ${pipeline.embedded ? 'embedded redis-server' : 'Redis'} at ${pipeline.url}, namespace ${pipeline.namespace}`,
    );
    console.log(monitorLine(await pipeline.monitor.ready));
    const ingestExit = await Promise.race([pipeline.ingest.exited, interrupted()]);
    if (ingestExit === 'interrupted') return 130;
    if (ingestExit !== 0)
      throw new Error(`market-data-ingest exited with ${ingestExit}: ${pipeline.ingest.errors.join('; ')}`);
    await waitDrained(pipeline, 180_000);
    const elapsedMs = Date.now() - started;
    const summaryCode = await printSummary(
      pipeline,
      elapsedMs,
      'ticks are replayed as fast as possible, so this includes the wait behind the backlog',
    );
    const backtest = await runBacktest({
      redis: pipeline.redis,
      url: pipeline.url,
      source: { namespace: pipeline.namespace, partitions: PARTITIONS },
      // Named after the demo's own namespace: on a shared REDIS_URL, both are the demo's.
      target: `${pipeline.namespace}-backtest`,
    });
    const same = backtest.digest.digest === backtest.sourceDigest.digest;
    console.log(
      `backtest    replayed ${backtest.replayed.toLocaleString('en-US')} events in ${(backtest.replayMs / 1000).toFixed(1)} s into ${backtest.namespace}` +
        ` (all handled in ${(backtest.elapsedMs / 1000).toFixed(1)} s); orders and fills digest ${backtest.digest.digest.slice(0, 12)} ` +
        `${same ? 'equal to live' : `DIFFERS from live ${backtest.sourceDigest.digest.slice(0, 12)}`}`,
    );
    if (backtest.errors.length > 0) console.log(`backtest errors logged:\n  ${backtest.errors.join('\n  ')}`);
    return summaryCode !== 0 || !same || backtest.errors.length > 0 ? 1 : 0;
  } finally {
    await reportStop(pipeline.stop());
  }
}
