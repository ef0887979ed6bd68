// `tickflow groups`: where every consumer group stands on every partition (lag, pending and
// its oldest, consumers and their idle time, the lease owner, the checkpoint), as
// replay-service's GET /groups reads it; and `tickflow group rewind|undo` (group-rewind.ts).
import { type GroupPartitionInfo, inspectGroups, parseTypes } from '@tickflow/replay';
import type { Command } from 'commander';
import type { Define } from '../cli.ts';
import { type Column, table } from '../format/table.ts';
import { count, duration } from '../format/time.ts';
import { registerGroupRewindCommands } from './group-rewind.ts';

interface GroupsFlags {
  readonly group?: string;
  readonly types?: string;
}

const EXAMPLES = `
Examples:
  $ tickflow groups
  $ tickflow groups --group fill-recorder --types fill
  $ tickflow groups --json | jq '.partitions[] | select(.pending > 0)'

LAG is "unknown" when Redis cannot tell (entries deleted past the group's position).`;

export function registerGroupCommands(program: Command, define: Define): void {
  program
    .command('groups')
    .description(
      'consumer groups per partition: lag, pending, oldest pending age, consumers, lease owner, checkpoint',
    )
    .option('--group <name>', 'only this group')
    .option('--types <list>', 'only the streams of these event types (default all four)')
    .addHelpText('after', EXAMPLES)
    .action(
      define(async (context, flags: GroupsFlags) => {
        const groups = await inspectGroups(await context.redis(), context.scope, {
          group: flags.group,
          ...(flags.types === undefined ? {} : { types: parseTypes(flags.types) }),
        });
        context.print({ partitions: groups }, () => groupsText(groups));
      }),
    );
  registerGroupRewindCommands(program, define);
}

const COLUMNS: readonly Column<GroupPartitionInfo>[] = [
  { title: 'GROUP', cell: (g) => g.group },
  { title: 'TYPE', cell: (g) => g.type },
  { title: 'P', cell: (g) => String(g.partition), align: 'right' },
  { title: 'LAG', cell: (g) => (g.lag === undefined ? 'unknown' : count(g.lag)), align: 'right' },
  { title: 'PENDING', cell: (g) => count(g.pending), align: 'right' },
  {
    title: 'OLDEST PENDING',
    cell: (g) => (g.oldestPending ? `${duration(g.oldestPending.ageMs)} old` : '-'),
  },
  {
    title: 'CONSUMERS (IDLE)',
    cell: (g) => g.consumers.map((c) => `${c.name} (${duration(c.idleMs)})`).join(', ') || '-',
  },
  {
    title: 'LEASE',
    cell: (g) =>
      g.lease
        ? `${g.lease.owner}${g.lease.ttlMs === undefined ? '' : ` (${duration(g.lease.ttlMs)} left)`}`
        : '-',
  },
  { title: 'CHECKPOINT', cell: (g) => g.checkpoint ?? '-' },
];

function groupsText(groups: readonly GroupPartitionInfo[]): string {
  const lines = [table(groups, COLUMNS, '(no consumer groups)')];
  const members = new Map(groups.map((g) => [g.group, g.members]));
  for (const [group, live] of members) {
    const names = live.map((m) => `${m.name} (heartbeat ${duration(m.sinceHeartbeatMs)} ago)`).join(', ');
    lines.push(`${group} members: ${names || 'none alive'}`);
  }
  return lines.join('\n');
}
