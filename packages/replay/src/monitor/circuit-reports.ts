// The circuit states consumers report (`groupKeys(ns, group).circuits`: `<consumer>/<handler>`
// → `{ state, at }`), kept only for consumers that are still live members of their group: a
// consumer killed without a stop leaves its reports behind, and they must not show as open.
import { groupKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import type { GroupPartitionInfo } from '../groups/inspect-groups.ts';

export interface CircuitReport {
  readonly consumer: string;
  readonly handler: string;
  readonly state: 'closed' | 'open' | 'half-open';
  /** When it changed to that state, ms since the epoch (the consumer's clock). */
  readonly sinceMs: number;
}

/** Every group's live reports, by group name. */
export async function readCircuitReports(
  redis: RedisClient,
  namespace: string,
  rows: readonly GroupPartitionInfo[],
): Promise<Map<string, CircuitReport[]>> {
  const live = new Map<string, Set<string>>();
  for (const row of rows) live.set(row.group, new Set(row.members.map((member) => member.name)));
  const groups = [...live.keys()];
  if (groups.length === 0) return new Map();
  const pipeline = redis.pipeline();
  for (const group of groups) pipeline.hgetall(groupKeys(namespace, group).circuits);
  const replies = (await pipeline.exec()) ?? [];
  const reports = new Map<string, CircuitReport[]>();
  groups.forEach((group, index) => {
    const [error, fields] = replies[index] ?? [new Error('no reply')];
    if (error) throw error;
    const members = live.get(group) ?? new Set<string>();
    const kept: CircuitReport[] = [];
    for (const [field, json] of Object.entries((fields ?? {}) as Record<string, string>)) {
      const slash = field.lastIndexOf('/');
      const consumer = field.slice(0, slash);
      if (slash < 0 || !members.has(consumer)) continue;
      const parsed = parseReport(json);
      if (parsed) kept.push({ consumer, handler: field.slice(slash + 1), ...parsed });
    }
    reports.set(
      group,
      kept.sort((a, b) => a.handler.localeCompare(b.handler) || a.consumer.localeCompare(b.consumer)),
    );
  });
  return reports;
}

function parseReport(json: string): Pick<CircuitReport, 'state' | 'sinceMs'> | undefined {
  try {
    const value = JSON.parse(json) as { state?: unknown; at?: unknown };
    const state = value.state;
    if (state !== 'closed' && state !== 'open' && state !== 'half-open') return undefined;
    return { state, sinceMs: typeof value.at === 'number' ? value.at : 0 };
  } catch {
    return undefined;
  }
}
