// `npm run demo`: the real Tardis BTCUSDT quotes through the whole pipeline as fast as it
// goes, until every service has handled every event; then the summary, and a clean stop.

import { interrupted } from './interrupted.ts';
import { ledgerLines } from './ledger-lines.ts';
import { readAll, summarize } from './pipeline-summary.ts';
import { PARTITIONS, startPipeline, waitDrained } from './running-pipeline.ts';

const QUOTES = 'data/tardis/tardis_binance-futures_BTCUSDT_quotes_2020-02-22.csv';

export async function runReplayDemo(): Promise<number> {
  const started = Date.now();
  const pipeline = await startPipeline({ INGEST_SOURCE: 'tardis-quotes', INGEST_PATH: QUOTES });
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
    const lines = summarize(
      await readAll(pipeline.redis, pipeline.namespace, PARTITIONS),
      elapsedMs,
      'ticks are replayed as fast as possible, so this includes the wait behind the backlog',
    );
    lines.splice(5, 0, ...(await ledgerLines(await pipeline.recorderApi)));
    console.log(`\n${lines.join('\n')}\n`);
    const errors = pipeline.errors();
    if (errors.length > 0) console.log(`errors logged:\n  ${errors.join('\n  ')}`);
    return errors.length > 0 ? 1 : 0;
  } finally {
    await reportStop(pipeline.stop());
  }
}

export async function reportStop(stopped: Promise<string[]>): Promise<void> {
  const unclean = await stopped;
  if (unclean.length > 0) console.log(`not stopped cleanly: ${unclean.join(', ')}`);
  else console.log('all services stopped cleanly (SIGTERM → finish, ack, release).');
}
