// 7. ingest: a generated Tardis quotes file (8 symbols, `ingestRows` rows, fixed seed) read
// by the real market-data-ingest service, plain and gzipped, each run from spawn to exit
// (validation, deterministic ids, dedupe markers and checkpoints included), with its peak
// RSS. Raw: the same rows' encoded entries XADDed in pipelines (ingest/raw-ingest.ts).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IngestRun, runIngest } from '../ingest/ingest-process.ts';
import { gzipFile, writeQuotesCsv } from '../ingest/quotes-file.ts';
import { INGEST_BATCH, rawIngest } from '../ingest/raw-ingest.ts';
import type { BenchOptions } from '../options.ts';
import { rawClient } from '../redis.ts';
import { type ScenarioResult, vsRaw, within } from '../report.ts';

const SEED = 1;
/** The budget for the service's memory, whatever the file size. */
const MAX_RSS_MB = 200;

export async function ingestScenario(url: string, options: BenchOptions): Promise<ScenarioResult> {
  const rows = options.ingestRows;
  const dir = await mkdtemp(join(tmpdir(), 'tickflow-bench-ingest-'));
  const admin = await rawClient(url);
  try {
    const plain = join(dir, 'quotes.csv');
    const gz = join(dir, 'quotes.csv.gz');
    await writeQuotesCsv(plain, rows, SEED);
    await gzipFile(plain, gz);
    const raw = await rawIngest(url, 'raw-ingest', rows, SEED);
    // Each run on an empty Redis: the streams and dedupe keys of the one before cost memory.
    await admin.flushall();
    const plainRun = await runIngest(url, plain, 'ingest-plain', rows);
    await admin.flushall();
    const gzRun = await runIngest(url, gz, 'ingest-gz', rows);
    const mb = async (path: string) => ((await stat(path)).size / 1024 / 1024).toFixed(1);
    return {
      scenario: 'ingest',
      status: 'ok',
      metrics: [
        vsRaw('plain file', 'rows/s', plainRun.rowsPerS, raw, 0.5),
        vsRaw('gzip file', 'rows/s', gzRun.rowsPerS, raw, 0.5),
        within('plain file: peak RSS', 'MB', plainRun.peakRssMb, MAX_RSS_MB),
        within('gzip file: peak RSS', 'MB', gzRun.peakRssMb, MAX_RSS_MB),
      ],
      notes: [
        `${rows} rows of Tardis quotes over 8 symbols (seed ${SEED}): ${await mb(plain)} MB plain, ${await mb(gz)} MB gzip`,
        `raw: pipelined XADD of the encoded entries, ${INGEST_BATCH} a pipeline`,
        runNote('plain', plainRun),
        runNote('gzip', gzRun),
      ],
    };
  } finally {
    admin.disconnect();
    await rm(dir, { recursive: true, force: true });
  }
}

function runNote(name: string, run: IngestRun): string {
  return `${name}: ${(run.elapsedMs / 1000).toFixed(1)} s spawn to exit; the service's summary says ${run.summaryRowsPerS} rows/s`;
}
