// A replay run from the command line, in this process: started (or resumed) through the
// replay manager and audited as replay-service does it, its progress shown until it ends,
// Ctrl-C turned into a resumable interrupt, and the end told with its exit code.
import {
  BadInputError,
  continueReplayAction,
  controlReplayAction,
  createReplayManager,
  loadRunRecord,
  NotFoundError,
  openSelection,
  parseSpeed,
  type ReplayControl,
  type ReplayManager,
  type RunRecord,
  startReplayAction,
} from '@tickflow/replay';
import type { RedisClient } from '@tickflow/streams';
import type { CommandContext } from '../context.ts';
import { CommandVerdict, EXIT_INTERRUPTED } from '../exit-codes.ts';
import { count, duration } from '../format/time.ts';
import { canAsk } from '../terminal/lines.ts';
import { startReporter } from './progress-view.ts';
import { driveSteps } from './step-mode.ts';

export interface ReplayCommandInput {
  /** The raw selection flags (new runs only). */
  readonly selection: Readonly<Record<string, string>>;
  readonly speed: string;
  readonly target: string | undefined;
  /** A run id: continue that run instead of starting one. */
  readonly resume: string | undefined;
  readonly progressEveryMs: number;
}

export async function runReplay(context: CommandContext, input: ReplayCommandInput): Promise<void> {
  const redis = await context.redis();
  const { scope, by } = context;
  const manager = createReplayManager({
    redis,
    writeRedis: await context.bulkRedis(),
    scope,
    openSelection: (selection) => openSelection(redis, scope, selection),
  });
  const startedMs = performance.now();
  const record =
    input.resume === undefined
      ? await start(context, manager, input)
      : await resume(context, redis, manager, input.resume);
  context.note(
    `replay ${record.id}: ${record.source} → ${record.target}  (${count(record.total)} entries in range, speed ${record.speed})`,
  );

  const run = manager.control(record.id);
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    run.interrupt().catch(() => undefined);
  };
  const unsubscribe = context.io.onInterrupt?.(interrupt);
  const stepping = parseSpeed(record.speed).mode === 'step';
  const reporter = stepping
    ? undefined
    : startReporter(context.io, { progress: () => manager.live(record.id), everyMs: input.progressEveryMs });
  let final: RunRecord;
  try {
    if (stepping) {
      const control = (what: ReplayControl) => controlReplayAction(redis, manager, by, record.id, what);
      await driveSteps(context.io, run, {
        step: (steps) => control({ action: 'step', count: steps }),
        cancel: () => control({ action: 'cancel' }),
        interrupt,
      });
    }
    const last = await run.done;
    reporter?.stop(last);
    final = await manager.finished(record.id);
  } finally {
    reporter?.stop();
    unsubscribe?.();
  }
  report(context, final, performance.now() - startedMs, interrupted);
}

async function start(
  context: CommandContext,
  manager: ReplayManager,
  input: ReplayCommandInput,
): Promise<RunRecord> {
  refuseStepWithoutTerminal(context, input.speed);
  const { selection, speed, target } = input;
  return startReplayAction(await context.redis(), manager, context.by, { selection, speed, target });
}

async function resume(
  context: CommandContext,
  redis: RedisClient,
  manager: ReplayManager,
  id: string,
): Promise<RunRecord> {
  const { scope } = context;
  const saved = await loadRunRecord(redis, scope.namespace, id);
  if (saved === undefined) throw new NotFoundError(`no replay run "${id}" in namespace ${scope.namespace}`);
  // The selection's partitions are read against the count: another count would select others.
  if (saved.partitions !== scope.partitions) {
    throw new BadInputError(
      '--partitions',
      `run ${id} replayed ${scope.namespace} with ${saved.partitions} partitions, not ${scope.partitions}: give --partitions ${saved.partitions} before the command`,
    );
  }
  refuseStepWithoutTerminal(context, saved.speed);
  return continueReplayAction(redis, manager, context.by, id);
}

function refuseStepWithoutTerminal(context: CommandContext, speed: string): void {
  if (parseSpeed(speed, '--speed').mode === 'step' && !canAsk(context.io)) {
    throw new BadInputError(
      '--speed',
      'step mode takes its steps from a terminal (Enter, a number, q) and stdin is not one: use max, realtime or a factor like 10x',
    );
  }
}

/** The summary, and the exit code of anything but a completed run. */
function report(context: CommandContext, final: RunRecord, elapsedMs: number, interrupted: boolean): void {
  const { scope } = context;
  const events = final.replayed + final.present;
  const already = final.present > 0 ? ` (${count(final.present)} of them already there)` : '';
  const resumeHint = `continue with: tickflow -n ${scope.namespace} --partitions ${scope.partitions} replay --resume ${final.id}`;
  context.print({ ...final, elapsedMs: Math.round(elapsedMs) }, () =>
    final.state === 'completed'
      ? `replayed ${count(events)} events in ${(elapsedMs / 1_000).toFixed(1)} s into ${final.target}${already}`
      : `replay ${final.id} ${final.state} after ${count(events)} events in ${duration(elapsedMs)} (${count(Math.max(final.scanned, events))}/${count(final.total)} entries) into ${final.target}`,
  );
  if (final.state === 'completed') return;
  if (final.error !== undefined)
    context.io.stderr.write(`tickflow: replay ${final.id} failed: ${final.error}\n`);
  if (final.state === 'interrupted' || final.state === 'failed') context.io.stderr.write(`${resumeHint}\n`);
  throw new CommandVerdict(
    final.state,
    interrupted && final.state === 'interrupted' ? EXIT_INTERRUPTED : undefined,
  );
}
