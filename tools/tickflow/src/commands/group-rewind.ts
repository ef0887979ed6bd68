// `tickflow group rewind` and `tickflow group undo`: a consumer group moved back so it is
// handed entries again — the plan printed, applied once confirmed — and its last rewind
// undone. The same library calls as replay-service's /groups routes (audited there).
import {
  applyRewindAction,
  NotFoundError,
  planRewindAction,
  readSavedRewind,
  undoRewindAction,
} from '@tickflow/replay';
import type { Command } from 'commander';
import type { Define } from '../cli.ts';
import { planText, savedRewindText } from '../format/rewind.ts';
import { confirmOrRefuse } from '../terminal/confirm.ts';

interface RewindFlags {
  readonly to: string;
  readonly types?: string;
  readonly force?: boolean;
  readonly yes?: boolean;
  readonly dryRun?: boolean;
}

interface UndoFlags {
  readonly force?: boolean;
  readonly yes?: boolean;
}

const REWIND_EXAMPLES = `
Examples:
  $ tickflow group rewind fill-recorder --to 2024-03-01T09:30:00Z
  $ tickflow group rewind signal-engine --to start --types market_data --dry-run
  $ tickflow group rewind order-router --to 1733412345678-0 --yes

The handlers' state is not rewound: their effects are deduplicated by event id. Applying is
refused while the group has live consumers, unless --force. Without --yes it asks y/N on the
terminal; without a terminal it refuses (exit 2). Undo with: tickflow group undo <group>.`;

const UNDO_EXAMPLES = `
Examples:
  $ tickflow group undo fill-recorder
  $ tickflow group undo fill-recorder --yes --json`;

export function registerGroupRewindCommands(program: Command, define: Define): void {
  const group = program.command('group').description('rewind a consumer group, or undo its last rewind');
  group
    .command('rewind')
    .description(
      'move a consumer group back so it is handed the entries from --to on again: plan, confirm, apply',
    )
    .argument('<group>', 'the consumer group, e.g. fill-recorder')
    .requiredOption(
      '--to <target>',
      'start, a stream entry id (1733412345678-0), or a time (ISO-8601, epoch ms or ns)',
    )
    .option('--types <list>', 'only the streams of these event types (default every type the group reads)')
    .option('--force', 'apply even though consumers of the group look live')
    .option('-y, --yes', 'apply without asking')
    .option('--dry-run', 'print the plan only')
    .addHelpText('after', REWIND_EXAMPLES)
    .action(
      define(async (context, name: string, flags: RewindFlags) => {
        const redis = await context.redis();
        const plan = await planRewindAction(redis, context.scope, {
          group: name,
          to: flags.to,
          types: flags.types,
        });
        if (flags.dryRun === true) {
          context.print({ plan }, () => planText(plan));
          return;
        }
        context.note(planText(plan));
        const force = flags.force === true;
        // With live consumers the library refuses (and audits the refusal): no question to ask first.
        if (force || plan.liveConsumers.length === 0) {
          const partitions = plan.partitions.length;
          await confirmOrRefuse(
            context.io,
            `rewind group ${name} on ${partitions} partition streams?`,
            flags.yes === true,
          );
        }
        const saved = await applyRewindAction(redis, context.scope, context.by, plan, force);
        context.print(
          { plan, applied: saved },
          () => `rewound group ${name}; undo with: tickflow group undo ${name}`,
        );
      }),
    );

  group
    .command('undo')
    .description('put a consumer group back where its last rewind found it (the saved positions)')
    .argument('<group>', 'the consumer group')
    .option('--force', 'undo even though consumers of the group look live')
    .option('-y, --yes', 'undo without asking')
    .addHelpText('after', UNDO_EXAMPLES)
    .action(
      define(async (context, name: string, flags: UndoFlags) => {
        const redis = await context.redis();
        const saved = await readSavedRewind(redis, context.scope, name);
        if (saved === undefined || saved.undone !== null) {
          const why = saved === undefined ? 'has never been rewound' : 'has its last rewind undone already';
          throw new NotFoundError(`nothing to undo: group ${name} in ${context.scope.namespace} ${why}`);
        }
        context.note(savedRewindText(saved));
        await confirmOrRefuse(context.io, `undo the rewind of group ${name}?`, flags.yes === true);
        const undone = await undoRewindAction(redis, context.scope, context.by, name, flags.force === true);
        context.print({ undone }, () => `${savedRewindText(undone)}\nundone.`);
      }),
    );
}
