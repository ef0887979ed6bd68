// `tickflow replay`: the selected history copied into an isolated namespace at the speed
// asked, in this process, with its progress; or an interrupted or failed run continued.
import type { Command } from 'commander';
import type { Define } from '../cli.ts';
import { flagOf } from '../exit-codes.ts';
import { seconds } from '../options/numbers.ts';
import { addSelectionOptions, type SelectionFlags, selectionOf } from '../options/selection-flags.ts';
import { runReplay } from '../replay/run-replay.ts';

interface ReplayFlags extends SelectionFlags {
  readonly speed: string;
  readonly target?: string;
  readonly resume?: string;
  readonly progressEvery: number;
}

const EXAMPLES = `
Examples:
  $ tickflow -n live replay --from 2024-03-01 --to 2024-03-02 --types market_data --target bt-0301
  $ tickflow replay --symbols BTCUSDT --speed 10x
  $ tickflow replay --filter 'event_type == "market_data" && data.kind == "trade"' --speed step
  $ tickflow replay --resume m4x2k1a9f3c2      continue a run that was interrupted or failed

Ctrl-C interrupts a run (exit 130); it continues with --resume <run id>. Exit 1 when the run fails.`;

export function registerReplayCommand(program: Command, define: Define): void {
  const command = program
    .command('replay')
    .description(
      'replay the selected history into an isolated namespace (never the source), printing the run id, the progress and a summary',
    );
  addSelectionOptions(command)
    .option(
      '--speed <speed>',
      'max, step (Enter / <n> / q on the terminal), realtime, or a factor like 10x',
      'max',
    )
    .option(
      '--target <namespace>',
      'namespace to replay into (default replay-<run id>); must hold no history of the types',
    )
    .option(
      '--resume <run-id>',
      'continue an interrupted or failed run where its target got (its selection, speed and target kept)',
    )
    .option(
      '--progress-every <seconds>',
      'seconds between progress lines when stderr is not a terminal',
      seconds,
      5,
    )
    .addHelpText('after', EXAMPLES)
    .action(
      define(async (context, flags: ReplayFlags) => {
        const selection = selectionOf(flags);
        if (flags.resume !== undefined) refuseWithResume(command, flags, selection);
        await runReplay(context, {
          selection,
          speed: flags.speed,
          target: flags.target,
          resume: flags.resume,
          progressEveryMs: flags.progressEvery * 1_000,
        });
      }),
    );
}

/** A resumed run selects, paces and writes as its record says: other flags would be ignored, so they are refused. */
function refuseWithResume(command: Command, flags: ReplayFlags, selection: Record<string, string>): void {
  const given = [
    ...Object.keys(selection),
    ...(command.getOptionValueSource('speed') === 'cli' ? ['speed'] : []),
    ...(flags.target === undefined ? [] : ['target']),
  ];
  if (given.length > 0) {
    command.error(
      `error: ${flagOf(given[0] as string)} cannot be used with --resume: a resumed run keeps its selection, speed and target`,
    );
  }
}
