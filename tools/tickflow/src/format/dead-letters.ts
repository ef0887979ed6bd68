// Dead letters and requeue results as text for people.
import type { DeadLetterEntry, DeadLetterPage, RequeueResult } from '@tickflow/replay';
import { table } from './table.ts';
import { count, isoOfMs } from './time.ts';

const REASON_WIDTH = 60;

export function deadLetterPageText(page: DeadLetterPage): string {
  const lines: string[] = [];
  if (page.counts.length > 0) {
    lines.push(
      table(page.counts, [
        { title: 'STREAM', cell: (c) => c.stream },
        { title: 'TOTAL', cell: (c) => count(c.total), align: 'right' },
        { title: 'REQUEUED', cell: (c) => count(c.requeued), align: 'right' },
        {
          title: 'BY KIND',
          cell: (c) =>
            c.byKind === undefined
              ? '(not counted)'
              : Object.entries(c.byKind)
                  .map(([kind, n]) => `${kind} ${n}`)
                  .join(', '),
        },
      ]),
      '',
    );
  }
  lines.push(
    table(
      page.entries,
      [
        { title: 'REF', cell: (l: DeadLetterEntry) => l.ref },
        { title: 'KIND', cell: (l) => l.kind },
        { title: 'AT', cell: (l) => isoOfMs(l.at) },
        { title: 'DELIVERIES', cell: (l) => String(l.deliveries), align: 'right' },
        { title: 'GROUP', cell: (l) => l.group },
        { title: 'REQUEUED AS', cell: (l) => l.requeuedAs ?? '-' },
        { title: 'REASON', cell: (l) => short(l.reason) },
      ],
      '(no dead letters)',
    ),
  );
  if (page.nextCursor !== undefined) lines.push(`next page: --cursor ${page.nextCursor}`);
  return lines.join('\n');
}

export function requeueText(result: RequeueResult): string {
  const verb = result.dryRun ? 'dry run: would requeue' : 'requeued';
  const lines = [
    `${verb} ${count(result.requeued)} dead letters (matched ${count(result.matched)}, already requeued ${count(result.alreadyRequeued)}, not requeueable ${count(result.notRequeueable.length)})`,
  ];
  for (const entry of result.entries.slice(0, 20)) {
    lines.push(`  ${entry.ref} → ${entry.stream}${entry.newEntryId === null ? '' : ` ${entry.newEntryId}`}`);
  }
  if (result.entries.length > 20) lines.push(`  … and ${count(result.entries.length - 20)} more`);
  for (const skipped of result.notRequeueable)
    lines.push(`  not requeueable: ${skipped.ref}: ${skipped.why}`);
  if (result.truncated) lines.push('more dead letters match than --limit allows: run again for the rest');
  return lines.join('\n');
}

function short(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > REASON_WIDTH ? `${line.slice(0, REASON_WIDTH - 1)}…` : line;
}
