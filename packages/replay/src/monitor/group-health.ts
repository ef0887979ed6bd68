// Consumer groups as the monitor shows them: inspectGroups' per-partition rows summed per
// group and type, and the rows that fall behind flagged. A lag unknown on any partition
// makes the sum unknown: a partial sum would read as the whole truth.
import type { GroupPartitionInfo } from '../groups/inspect-groups.ts';
import type { CircuitReport } from './circuit-reports.ts';
import type { GroupHealth } from './snapshot.ts';

/** When a group counts as behind; each limit is exclusive (over it, not at it). */
export interface BehindThresholds {
  /** Entries not yet delivered. Default 1,000. */
  readonly lag: number;
  /** Entries delivered and not acked. Default 1,000. */
  readonly pending: number;
  /** Age of the oldest pending entry, ms. Default 30,000. */
  readonly oldestPendingMs: number;
}

export const DEFAULT_BEHIND: BehindThresholds = { lag: 1_000, pending: 1_000, oldestPendingMs: 30_000 };

interface Sum {
  readonly group: string;
  readonly type: GroupPartitionInfo['type'];
  lag: number | null;
  pending: number;
  oldestPendingMs: number | null;
  readonly consumers: Set<string>;
  readonly leaseOwners: Set<string>;
}

/** Rows sorted as inspectGroups sorts them (group, then pipeline order). */
export function groupHealth(
  rows: readonly GroupPartitionInfo[],
  thresholds: BehindThresholds = DEFAULT_BEHIND,
  circuits: ReadonlyMap<string, readonly CircuitReport[]> = new Map(),
): GroupHealth[] {
  const sums = new Map<string, Sum>();
  for (const row of rows) {
    const key = `${row.group}\n${row.type}`;
    const sum = sums.get(key) ?? {
      group: row.group,
      type: row.type,
      lag: 0,
      pending: 0,
      oldestPendingMs: null,
      consumers: new Set<string>(),
      leaseOwners: new Set<string>(),
    };
    sums.set(key, sum);
    sum.lag = sum.lag === null || row.lag === undefined ? null : sum.lag + row.lag;
    sum.pending += row.pending;
    const age = row.oldestPending?.ageMs;
    if (age !== undefined) sum.oldestPendingMs = Math.max(sum.oldestPendingMs ?? 0, age);
    for (const consumer of row.consumers) sum.consumers.add(consumer.name);
    if (row.lease) sum.leaseOwners.add(row.lease.owner);
  }
  return [...sums.values()].map((sum) => {
    const reports = circuits.get(sum.group) ?? [];
    const circuitOpen = reports.some((report) => report.state !== 'closed');
    return {
      group: sum.group,
      type: sum.type,
      lag: sum.lag,
      pending: sum.pending,
      oldestPendingMs: sum.oldestPendingMs,
      consumers: sum.consumers.size,
      leaseOwners: [...sum.leaseOwners].sort(),
      circuits: reports,
      circuitOpen,
      behind:
        circuitOpen ||
        (sum.lag ?? 0) > thresholds.lag ||
        sum.pending > thresholds.pending ||
        (sum.oldestPendingMs ?? 0) > thresholds.oldestPendingMs,
    };
  });
}
