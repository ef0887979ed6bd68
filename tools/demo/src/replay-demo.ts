// `npm run demo`: the real Tardis BTCUSDT quotes through the whole pipeline as fast as it
// goes, until every service has handled every event; then the summary, and a clean stop.
import { TARDIS_QUOTES } from './demo-settings.ts';
import { interrupted } from './interrupted.ts';
import { printSummary, reportStop } from './print-summary.ts';
import { startPipeline, waitDrained } from './running-pipeline.ts';

export async function runReplayDemo(): Promise<number> {
  const started = Date.now();
  const pipeline = await startPipeline({ INGEST_SOURCE: 'tardis-quotes', INGEST_PATH: TARDIS_QUOTES });
  try {
    console.log(
      `Tickflow demo — ${pipeline.embedded ? 'embedded redis-server' : 'Redis'} at ${pipeline.url}, namespace ${pipeline.namespace}`,
    );
    const ingestExit = await Promise.race([pipeline.ingest.exited, interrupted()]);
    if (ingestExit === 'interrupted') return 130;
    if (ingestExit !== 0)
      throw new Error(`market-data-ingest exited with ${ingestExit}: ${pipeline.ingest.errors.join('; ')}`);
    await waitDrained(pipeline, 180_000);
    const elapsedMs = Date.now() - started;
    return await printSummary(
      pipeline,
      elapsedMs,
      'ticks are replayed as fast as possible, so this includes the wait behind the backlog',
    );
  } finally {
    await reportStop(pipeline.stop());
  }
}
