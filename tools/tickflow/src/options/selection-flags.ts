// The selection flags shared by `replay` and `events`, passed to the library as the raw
// strings they are (the same parameters as the HTTP API's), so one parser says what is wrong.
import type { Command } from 'commander';

export interface SelectionFlags {
  readonly from?: string;
  readonly to?: string;
  readonly time?: string;
  readonly fromId?: string;
  readonly toId?: string;
  readonly types?: string;
  readonly partitions?: string;
  readonly symbols?: string;
  readonly filter?: string;
}

const NAMES = ['from', 'to', 'time', 'fromId', 'toId', 'types', 'partitions', 'symbols', 'filter'] as const;

export function addSelectionOptions(command: Command): Command {
  return command
    .option(
      '--from <time>',
      'start, inclusive: ISO-8601 (2024-03-01T09:30:00Z), a date, epoch ms or ns, <n>ms, <n>ns',
    )
    .option('--to <time>', 'end, inclusive, as --from')
    .option(
      '--time <axis>',
      'what --from/--to bound: append (when Redis stored it; default) or event (ts_event)',
    )
    .option('--from-id <id>', 'first stream entry id, inclusive (<ms>-<seq> or <ms>)')
    .option('--to-id <id>', 'last stream entry id, inclusive')
    .option(
      '--types <list>',
      'event types: market_data, signal, order, fill (or md, sig, ord, fill); default all',
    )
    .option(
      '--partitions <list>',
      'partitions, numbers or ranges like 0-3; default all (or those of --symbols)',
    )
    .option('--symbols <list>', 'only these symbols')
    .option(
      '--filter <cel>',
      'a CEL condition over the event, e.g. \'event_type == "fill" && decimal(data.price) > 100.0\'',
    );
}

/** The selection flags given, as the library's raw selection input. */
export function selectionOf(flags: SelectionFlags): Record<string, string> {
  const selection: Record<string, string> = {};
  for (const name of NAMES) {
    const value = flags[name];
    if (value !== undefined) selection[name] = value;
  }
  return selection;
}
