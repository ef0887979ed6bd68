// The /fills answer: fills read from the fill streams (all partitions, append order),
// each execution id once (its first event), filtered by symbol and ts_event, paged.
import { type Fill, nsToIso, partitionOf } from '@tickflow/events';
import { readEvents } from '@tickflow/streams';
import type { Redis, Scope } from './ledger-store.ts';
import type { FillsQuery } from './query.ts';

/** Where the fill is (event, partition, entry) and when, then the fill's payload. */
export type FillRecord = Fill & {
  readonly event_id: string;
  readonly partition: number;
  readonly entry_id: string;
  readonly ts_event: string;
  readonly ts_event_iso: string;
};

export interface FillsPage {
  readonly fills: FillRecord[];
  /** The offset of the next page, or null when this is the last. */
  readonly next_offset: number | null;
}

export async function queryFills(redis: Redis, scope: Scope, query: FillsQuery): Promise<FillsPage> {
  const seen = new Set<string>();
  const fills: FillRecord[] = [];
  let matched = 0;
  // A symbol's fills all live in one partition (key = symbol).
  const only = query.symbol === undefined ? undefined : [partitionOf(query.symbol, scope.partitions)];
  const range = { ...scope, type: 'fill' as const, ...(only ? { only } : {}) };
  for await (const { event, partition, entryId } of readEvents(redis, range)) {
    if (event.type !== 'fill' || seen.has(event.data.execution_id)) continue;
    seen.add(event.data.execution_id);
    if (query.symbol !== undefined && event.data.symbol !== query.symbol) continue;
    if (query.fromNs !== undefined && event.ts_event < query.fromNs) continue;
    if (query.toNs !== undefined && event.ts_event > query.toNs) continue;
    matched++;
    if (matched <= query.offset) continue;
    if (fills.length === query.limit) return { fills, next_offset: query.offset + fills.length };
    fills.push({
      event_id: event.id,
      partition,
      entry_id: entryId,
      ts_event: event.ts_event.toString(),
      ts_event_iso: nsToIso(event.ts_event),
      ...event.data,
    });
  }
  return { fills, next_offset: null };
}
