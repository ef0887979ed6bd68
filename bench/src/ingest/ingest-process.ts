// One run of the real market-data-ingest service over a file, as production runs it: a child
// process (`node --max-semi-space-size=8 services/market-data-ingest/src/main.ts`, see
// pipeline/processes.ts, with the NODE_OPTIONS of its Deployment: production-env.ts) that
// reads the file to its end and exits. Timed from spawn to exit
// (start-up and the connection included); its peak RSS read from /proc (VmHWM, the kernel's
// own high-water mark, sampled until it exits).
import { readFile } from 'node:fs/promises';
import { startTickflowService } from '../pipeline/processes.ts';
import { rate } from '../stats.ts';
import { productionNodeOptions } from './production-env.ts';

export interface IngestRun {
  readonly rowsPerS: number;
  readonly elapsedMs: number;
  /** Peak resident set of the service process, MB (0 where /proc is not there). */
  readonly peakRssMb: number;
  /** The rate the service's own summary reports (reading only, start-up excluded). */
  readonly summaryRowsPerS: number;
}

const SAMPLE_MS = 50;

export async function runIngest(
  url: string,
  path: string,
  namespace: string,
  rows: number,
): Promise<IngestRun> {
  const started = performance.now();
  // The Deployment's NODE_OPTIONS, plus a profiler's (BENCH_SERVICE_NODE_OPTIONS) if any.
  const nodeOptions = [productionNodeOptions('market-data-ingest'), process.env.BENCH_SERVICE_NODE_OPTIONS]
    .filter((options) => options !== undefined && options !== '')
    .join(' ');
  const service = startTickflowService('market-data-ingest', {
    ...(nodeOptions === '' ? {} : { NODE_OPTIONS: nodeOptions }),
    REDIS_URL: url,
    TICKFLOW_NAMESPACE: namespace,
    INGEST_SOURCE: 'tardis-quotes',
    INGEST_PATH: path,
  });
  let peakKb = 0;
  const pid = service.child.pid;
  const sampler = setInterval(async () => {
    peakKb = Math.max(peakKb, await highWaterKb(pid));
  }, SAMPLE_MS);
  try {
    const code = await service.exited;
    const elapsedMs = performance.now() - started;
    if (code !== 0) throw new Error(`market-data-ingest exited ${code}: ${service.output().slice(-2_000)}`);
    const done = await service.waitForLog('source done', { timeoutMs: 5_000 });
    const summary = done.summary as { published: number; rejected: number; rowsPerSecond: number };
    if (summary.published !== rows || summary.rejected !== 0) {
      throw new Error(
        `ingest of ${path} published ${summary.published} of ${rows} rows (${summary.rejected} rejected)`,
      );
    }
    return {
      rowsPerS: rate(rows, elapsedMs),
      elapsedMs,
      peakRssMb: peakKb / 1024,
      summaryRowsPerS: summary.rowsPerSecond,
    };
  } finally {
    clearInterval(sampler);
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
  }
}

/** VmHWM of `pid` in kB; 0 once it has exited (or off Linux). */
async function highWaterKb(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(status.match(/^VmHWM:\s+(\d+)/m)?.[1] ?? 0);
  } catch {
    return 0;
  }
}
