// The end of a demo run: the summary of what the streams and the ledger hold, and how the
// services stopped.
import { ledgerLines } from './ledger-lines.ts';
import { readTallies, summarize } from './pipeline-summary.ts';
import { PARTITIONS, type RunningPipeline } from './running-pipeline.ts';

/** Prints the summary of what the streams and the ledger hold; 1 if any service logged an error. */
export async function printSummary(
  pipeline: RunningPipeline,
  elapsedMs: number,
  latencyNote: string,
): Promise<number> {
  const lines = summarize(
    await readTallies(pipeline.redis, pipeline.namespace, PARTITIONS),
    elapsedMs,
    latencyNote,
  );
  lines.splice(5, 0, ...(await ledgerLines(await pipeline.recorderApi)));
  console.log(`\n${lines.join('\n')}\n`);
  const errors = pipeline.errors();
  if (errors.length > 0) console.log(`errors logged:\n  ${errors.join('\n  ')}`);
  return errors.length > 0 ? 1 : 0;
}

export async function reportStop(stopped: Promise<string[]>): Promise<void> {
  const unclean = await stopped;
  if (unclean.length > 0) console.log(`not stopped cleanly: ${unclean.join(', ')}`);
  else console.log('all services stopped cleanly (SIGTERM → finish, ack, release).');
}
