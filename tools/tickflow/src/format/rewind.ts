// Rewind plans and undo records as text for people: per partition, the group's position now
// and after, what is handed out again, and why a target was clamped.
import type { RewindPlan, RewindTarget, SavedRewind } from '@tickflow/replay';
import { table } from './table.ts';
import { count, duration, isoOfMs } from './time.ts';

export function targetText(to: RewindTarget): string {
  if (to === 'start') return 'the start of each stream';
  return 'id' in to ? `entry ${to.id}` : `${isoOfMs(to.timeMs)} (${to.timeMs} ms)`;
}

export function planText(plan: RewindPlan): string {
  const redeliver = plan.partitions.reduce((sum, p) => sum + p.redeliver, 0);
  const lines = [
    `rewind of group ${plan.group} in ${plan.namespace} to ${targetText(plan.to)}: ${count(redeliver)} entries delivered again`,
    table(plan.partitions, [
      { title: 'STREAM', cell: (p) => p.stream },
      { title: 'POSITION', cell: (p) => p.lastDeliveredId },
      { title: '→ NEW', cell: (p) => p.target },
      { title: 'REDELIVER', cell: (p) => count(p.redeliver), align: 'right' },
      { title: 'PENDING', cell: (p) => count(p.pending), align: 'right' },
      { title: 'CHECKPOINT', cell: (p) => p.checkpoint ?? '-' },
    ]),
  ];
  for (const p of plan.partitions) if (p.clamped !== null) lines.push(`note: ${p.stream}: ${p.clamped}`);
  if (plan.partitions.some((p) => p.pending > 0)) {
    lines.push('note: pending entries (delivered, not acked) are handled again whatever the rewind does');
  }
  lines.push(liveText(plan));
  return lines.join('\n');
}

function liveText(plan: RewindPlan): string {
  if (plan.liveConsumers.length === 0) return 'live consumers: none';
  const names = plan.liveConsumers.map((c) => `${c.name} (seen ${duration(c.lastSeenMsAgo)} ago)`).join(', ');
  return `live consumers: ${names} — applying is refused while they run (stop them, or --force if they are dead)`;
}

export function savedRewindText(saved: SavedRewind): string {
  const lines = [
    `last rewind of group ${saved.group} in ${saved.namespace}: by ${saved.by} at ${isoOfMs(saved.at)}, to ${targetText(saved.plan.to)}`,
    table(saved.previous, [
      { title: 'STREAM', cell: (p) => p.stream },
      { title: 'PUT BACK TO', cell: (p) => p.lastDeliveredId },
      {
        title: 'ENTRIES READ',
        cell: (p) => (p.entriesRead === null ? 'unknown' : count(p.entriesRead)),
        align: 'right',
      },
      { title: 'CHECKPOINT', cell: (p) => p.checkpoint ?? '-' },
    ]),
  ];
  if (saved.undone !== null) {
    lines.push(`undone by ${saved.undone.by} at ${isoOfMs(saved.undone.at)}`);
    for (const stream of saved.undone.missing)
      lines.push(`note: ${stream}: the group was gone, not put back`);
  }
  return lines.join('\n');
}
