// `tickflow events`: the selected history a page at a time (or all of it as NDJSON with
// --export, streamed), and `tickflow event <id>`: one event, with --chain its causal chain.
// The same library calls as replay-service's history routes.
import {
  BadInputError,
  causalChain,
  chainToJson,
  eventToJson,
  exportEvents,
  findEvent,
  NotFoundError,
  parseSelection,
  parseTypes,
  type QueryOrder,
  type QueryPage,
  queryEvents,
} from '@tickflow/replay';
import { entryIdMs } from '@tickflow/streams';
import type { Command } from 'commander';
import type { Define } from '../cli.ts';
import type { Io } from '../context.ts';
import { flagOf } from '../exit-codes.ts';
import { chainText, eventDetail } from '../format/event-detail.ts';
import { eventLine } from '../format/event-summary.ts';
import { integer } from '../options/numbers.ts';
import { addSelectionOptions, type SelectionFlags, selectionOf } from '../options/selection-flags.ts';

interface EventsFlags extends SelectionFlags {
  readonly order: string;
  readonly limit?: number;
  readonly cursor?: string;
  readonly scanBudget?: number;
  readonly export?: boolean;
}

interface EventFlags {
  readonly chain?: boolean;
  readonly type?: string;
  readonly symbol?: string;
}

const EVENTS_EXAMPLES = `
Examples:
  $ tickflow events --symbols BTCUSDT --types fill --order newest --limit 20
  $ tickflow events --from 2024-03-01T09:30:00Z --to 2024-03-01T09:31:00Z --filter 'data.kind == "trade"'
  $ tickflow events --cursor eyJ2IjoxLC4uLn0        the next page (printed after each page)
  $ tickflow events --types fill --export > fills.ndjson`;

const EVENT_EXAMPLES = `
Examples:
  $ tickflow event 0190c5d2-6f1e-7b3a-9c4d-2e8f1a6b3c5d
  $ tickflow event 5b1f4c2e-8d3a-5e6f-9a1b-2c3d4e5f6a7b --chain --symbol BTCUSDT`;

export function registerEventCommands(program: Command, define: Define): void {
  const events = program
    .command('events')
    .description(
      'browse the selected events a page at a time, oldest or newest first; or export them all as NDJSON',
    );
  addSelectionOptions(events)
    .option('--order <order>', 'oldest or newest first', 'oldest')
    .option('--limit <n>', 'events per page, 1 to 1000 (default 100)', integer)
    .option(
      '--cursor <cursor>',
      'where the next page starts (printed after each page; same selection and order)',
    )
    .option('--scan-budget <n>', 'most entries scanned for one page, 1 to 100000 (default 10000)', integer)
    .option(
      '--export',
      'print every selected event as NDJSON, oldest first, streamed (not with --order/--limit/--cursor)',
    )
    .addHelpText('after', EVENTS_EXAMPLES)
    .action(
      define(async (context, flags: EventsFlags) => {
        const redis = await context.redis();
        const selection = parseSelection(selectionOf(flags), context.scope);
        if (flags.export === true) {
          refusePaging(events);
          await streamLines(context.io, exportEvents(redis, context.scope, selection));
          return;
        }
        const page = await queryEvents(redis, context.scope, selection, {
          order: flags.order as QueryOrder,
          limit: flags.limit ?? 100,
          cursor: flags.cursor,
          scanBudget: flags.scanBudget,
        });
        const { events: found, ...rest } = page;
        context.print({ ...rest, events: found.map(eventToJson) }, () => pageText(page));
      }),
    );

  program
    .command('event')
    .description('one event by id: where it is stored, its times, its payload; with --chain its causal chain')
    .argument('<id>', 'the event id (a UUID)')
    .option('--chain', 'the causal chain: tick → signal → order → fills, with the latency of each hop')
    .option('--type <type>', 'the event type, when known: only its streams are searched')
    .option('--symbol <symbol>', 'the symbol, when known: only its partition is searched')
    .addHelpText('after', EVENT_EXAMPLES)
    .action(
      define(async (context, id: string, flags: EventFlags) => {
        const redis = await context.redis();
        // As the HTTP API reads the hints: a type by name or stream tag.
        const type = flags.type === undefined ? undefined : parseTypes(flags.type)[0];
        const hints = { type, symbol: flags.symbol };
        if (flags.chain === true) {
          const chain = await causalChain(redis, context.scope, id, hints);
          context.print(chainToJson(chain), () => chainText(chain));
          return;
        }
        const stored = await findEvent(redis, context.scope, id, hints);
        if (stored === undefined)
          throw new NotFoundError(`no event ${id} in namespace ${context.scope.namespace}`);
        context.print(eventToJson(stored), () => eventDetail(stored));
      }),
    );
}

/** An export is the whole selection in append order: paging flags would be silently ignored. */
function refusePaging(command: Command): void {
  const paging = ['order', 'limit', 'cursor', 'scanBudget'].filter(
    (name) => command.getOptionValueSource(name) === 'cli',
  );
  if (paging.length > 0) {
    throw new BadInputError(
      '--export',
      `exports the whole selection, oldest first: leave out ${paging.map(flagOf).join(', ')}`,
    );
  }
}

/** Writes each line, waiting for the pipe to drain when it is full: memory stays at one page. */
async function streamLines(io: Io, lines: AsyncIterable<string>): Promise<void> {
  for await (const line of lines) {
    if (!io.stdout.write(line)) await new Promise<void>((resolve) => io.stdout.once('drain', resolve));
  }
}

function pageText(page: QueryPage): string {
  const lines = page.events.map((stored) => eventLine(entryIdMs(stored.entryId), stored.event));
  if (page.events.length === 0) lines.push(`(no events in the ${page.scanned} entries scanned)`);
  lines.push(
    page.nextCursor === undefined ? '(end of the selection)' : `next page: --cursor ${page.nextCursor}`,
  );
  return lines.join('\n');
}
