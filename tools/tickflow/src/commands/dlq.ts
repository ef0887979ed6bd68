// `tickflow dlq list` and `tickflow dlq requeue`: the dead letters of a namespace, and their
// redrive — a dry run first (its count printed), then the real one once confirmed. Both
// through the same library calls as replay-service's /dlq routes (requeueAction audits).
import {
  type DeadLetterPage,
  listDeadLetters,
  parseKinds,
  parsePartitions,
  parseTypes,
  type RequeueInput,
  type RequeueResult,
  requeueAction,
} from '@tickflow/replay';
import type { Command } from 'commander';
import type { Define } from '../cli.ts';
import { deadLetterPageText, requeueText } from '../format/dead-letters.ts';
import { integer } from '../options/numbers.ts';
import { confirmOrRefuse } from '../terminal/confirm.ts';

interface ListFlags {
  readonly types?: string;
  readonly partitions?: string;
  readonly kinds?: string;
  readonly limit: number;
  readonly cursor?: string;
}

interface RequeueFlags {
  readonly kinds?: string;
  readonly types?: string;
  readonly partitions?: string;
  readonly reason?: string;
  readonly filter?: string;
  readonly dryRun?: boolean;
  readonly yes?: boolean;
  readonly chunkSize?: number;
  readonly limit?: number;
}

const KINDS = 'undecodable, invalid, failed, permanent, trimmed';

const LIST_EXAMPLES = `
Examples:
  $ tickflow dlq list
  $ tickflow dlq list --kinds failed,permanent --types md --limit 20
  $ tickflow dlq list --cursor md:3:1733412345678-0     the next page (printed at the end of the last one)`;

const REQUEUE_EXAMPLES = `
Examples:
  $ tickflow dlq requeue md:3:1733412345678-0 md:3:1733412345679-0
  $ tickflow dlq requeue --kinds permanent --reason 'not supported' --dry-run
  $ tickflow dlq requeue --types fill --filter 'data.venue == "paper"' --yes

A dry run always goes first and prints how many would be requeued. Without --yes, the
requeue asks y/N on the terminal; without a terminal it refuses (exit 2) unless --yes.`;

export function registerDlqCommands(program: Command, define: Define): void {
  const dlq = program.command('dlq').description('list and requeue dead letters');
  dlq
    .command('list')
    .description('dead letters, oldest move first: kind, reason, deliveries, where from; counts per stream')
    .option('--types <list>', 'event types (market_data, signal, order, fill, or md, sig, ord, fill)')
    .option('--partitions <list>', 'partitions, numbers or ranges like 0-3')
    .option('--kinds <list>', `kinds: ${KINDS}`)
    .option('--limit <n>', 'dead letters per page, 1 to 1000', integer, 100)
    .option('--cursor <ref>', 'where the next page starts (printed after a full page)')
    .addHelpText('after', LIST_EXAMPLES)
    .action(
      define(async (context, flags: ListFlags) => {
        const kinds = parseKinds(flags.kinds);
        const partitions = parsePartitions(flags.partitions, context.scope);
        const page: DeadLetterPage = await listDeadLetters(await context.redis(), context.scope, {
          limit: flags.limit,
          ...(flags.types === undefined ? {} : { types: parseTypes(flags.types) }),
          ...(partitions ? { partitions } : {}),
          ...(kinds ? { kinds } : {}),
          ...(flags.cursor === undefined ? {} : { cursor: flags.cursor }),
        });
        context.print(page, deadLetterPageText);
      }),
    );

  dlq
    .command('requeue')
    .description(
      'append dead letters to their streams again (idempotent, with provenance): dry run, then confirm',
    )
    .argument(
      '[ref...]',
      'dead letters by reference, e.g. md:3:1733412345678-0 (or match them with the flags)',
    )
    .option('--kinds <list>', `only these kinds: ${KINDS}`)
    .option('--types <list>', 'only these event types')
    .option('--partitions <list>', 'only these partitions, numbers or ranges like 0-3')
    .option('--reason <text>', 'only those whose reason contains this (case-insensitive)')
    .option('--filter <cel>', 'only those whose event matches this CEL condition')
    .option('--dry-run', 'stop after the dry run: print what would be requeued, change nothing')
    .option('-y, --yes', 'requeue without asking')
    .option('--chunk-size <n>', 'dead letters per script call, 1 to 1000 (default 100)', integer)
    .option('--limit <n>', 'most dead letters requeued by this call (default 1000)', integer)
    .addHelpText('after', REQUEUE_EXAMPLES)
    .action(
      define(async (context, refs: string[], flags: RequeueFlags) => {
        const redis = await context.redis();
        const input: RequeueInput = {
          refs: refs.length > 0 ? refs : undefined,
          kinds: flags.kinds,
          types: flags.types,
          partitions: flags.partitions,
          reason: flags.reason,
          filter: flags.filter,
          chunkSize: flags.chunkSize,
          limit: flags.limit,
          dryRun: true,
        };
        const dry = await requeueAction(redis, context.scope, context.by, input);
        if (flags.dryRun === true || dry.requeued === 0) {
          context.print({ dryRun: dry }, () => requeueText(dry));
          return;
        }
        context.note(requeueText(dry));
        await confirmOrRefuse(context.io, `requeue ${dry.requeued} dead letters?`, flags.yes === true);
        const applied: RequeueResult = await requeueAction(redis, context.scope, context.by, {
          ...input,
          dryRun: false,
        });
        context.print({ dryRun: dry, applied }, () => requeueText(applied));
      }),
    );
}
