// `tickflow audit`: the operator audit log — who did what, when, with which parameters and
// how it ended — a page at a time, as replay-service's GET /audit reads it.
import { type AuditEntry, type AuditPage, readAudit } from '@tickflow/replay';
import type { Command } from 'commander';
import type { Define } from '../cli.ts';
import { jsonValue } from '../context.ts';
import { table } from '../format/table.ts';
import { isoOfMs } from '../format/time.ts';
import { integer } from '../options/numbers.ts';

interface AuditFlags {
  readonly limit: number;
  readonly cursor?: string;
  readonly order: 'newest' | 'oldest';
  readonly action?: string;
  readonly by?: string;
}

const EXAMPLES = `
Examples:
  $ tickflow audit
  $ tickflow audit --action dlq.requeue --by cli:alice --limit 20
  $ tickflow audit --order oldest --cursor 1733412345678-0      the next page`;

const PARAMS_WIDTH = 70;

export function registerAuditCommand(program: Command, define: Define): void {
  program
    .command('audit')
    .description('the operator audit log: who did what, when, with which parameters, and how it ended')
    .option('--limit <n>', 'entries per page, 1 to 1000', integer, 50)
    .option('--cursor <id>', 'where the next page starts (printed after a full page)')
    .option('--order <order>', 'newest or oldest first', 'newest')
    .option('--action <action>', 'only this action, e.g. dlq.requeue, group.rewind, replay.start')
    .option('--by <who>', 'only entries by this operator, e.g. cli:alice')
    .addHelpText('after', EXAMPLES)
    .action(
      define(async (context, flags: AuditFlags) => {
        const page = await readAudit(await context.redis(), context.scope.namespace, {
          limit: flags.limit,
          order: flags.order,
          ...(flags.cursor === undefined ? {} : { cursor: flags.cursor }),
          ...(flags.action === undefined ? {} : { action: flags.action }),
          ...(flags.by === undefined ? {} : { by: flags.by }),
        });
        context.print(page, auditText);
      }),
    );
}

function auditText(page: AuditPage): string {
  const lines = [
    table(
      page.entries,
      [
        { title: 'AT', cell: (entry: AuditEntry) => isoOfMs(entry.at) },
        { title: 'BY', cell: (entry) => entry.by },
        { title: 'ACTION', cell: (entry) => entry.action },
        { title: 'OUTCOME', cell: (entry) => entry.outcome },
        { title: 'PARAMS', cell: (entry) => short(entry.params) },
        { title: 'DETAIL', cell: (entry) => (entry.detail === undefined ? '' : short(entry.detail)) },
      ],
      '(no audit entries)',
    ),
  ];
  if (page.nextCursor !== undefined) lines.push(`next page: --cursor ${page.nextCursor}`);
  return lines.join('\n');
}

function short(value: unknown): string {
  const text = JSON.stringify(value, jsonValue) ?? '';
  return text.length > PARAMS_WIDTH ? `${text.slice(0, PARAMS_WIDTH - 1)}…` : text;
}
