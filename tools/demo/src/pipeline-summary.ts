// What a trader wants to read after a run, computed from the streams themselves (and the
// fill-recorder's ledger): events per type, signals per strategy, orders by status, risk
// rejections, fills, positions and PnL, throughput and tick→fill latency.
import { type AnyEvent, EVENT_TYPES, type EventType } from '@tickflow/events';
import { readEvents } from '@tickflow/streams';
import type { Redis } from 'ioredis';

export interface StoredRecord {
  readonly event: AnyEvent;
  /** Append time, ms (from the entry id). */
  readonly appendedMs: number;
}

export async function readAll(
  redis: Redis,
  namespace: string,
  partitions: number,
): Promise<Map<EventType, StoredRecord[]>> {
  const all = new Map<EventType, StoredRecord[]>();
  for (const type of EVENT_TYPES) {
    const records: StoredRecord[] = [];
    for await (const { event, entryId } of readEvents(redis, { namespace, type, partitions })) {
      records.push({ event, appendedMs: Number(entryId.slice(0, entryId.indexOf('-'))) });
    }
    all.set(type, records);
  }
  return all;
}

const count = (n: number) => n.toLocaleString('en-US');

function tally<T>(items: readonly T[], key: (item: T) => string): string {
  const groups = [...Map.groupBy(items, key)].sort(([a], [b]) => a.localeCompare(b));
  return groups.map(([name, list]) => `${name} ${count(list.length)}`).join(' · ') || 'none';
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** `latencyNote` says what the tick→fill figure includes (e.g. the wait behind a backlog). */
export function summarize(
  records: Map<EventType, StoredRecord[]>,
  elapsedMs: number,
  latencyNote: string,
): string[] {
  const of = <T extends EventType>(type: T) =>
    (records.get(type) ?? []).map((r) => r.event as Extract<AnyEvent, { type: T }>);
  const ticks = of('market_data');
  const signals = of('signal');
  const orders = of('order');
  const fills = of('fill');
  const finalOrders = [...Map.groupBy(orders, (o) => o.data.order_id).values()].map(
    (list) => list.at(-1) as (typeof orders)[number],
  );
  const rejected = finalOrders.filter((o) => o.data.status === 'REJECTED');

  const tickAppended = new Map((records.get('market_data') ?? []).map((r) => [r.event.id, r.appendedMs]));
  const latencies = (records.get('fill') ?? [])
    .map((r) => r.appendedMs - (tickAppended.get(r.event.corr) ?? Number.NaN))
    .filter((ms) => !Number.isNaN(ms))
    .sort((a, b) => a - b);

  return [
    `events      ${EVENT_TYPES.map((type) => `${type} ${count(records.get(type)?.length ?? 0)}`).join(' · ')}`,
    ...[...Map.groupBy(signals, (s) => s.data.strategy_id)].map(
      ([strategy, list]) =>
        `signals     ${strategy}: ${count(list.length)} (${tally(list, (s) => s.data.signal)})`,
    ),
    `orders      ${count(finalOrders.length)} orders, final status: ${tally(finalOrders, (o) => o.data.status)}`,
    `rejections  ${rejected.length === 0 ? 'none' : tally(rejected, (o) => (o.data.reason ?? 'unknown').split(':')[0] ?? 'unknown')}`,
    `fills       ${count(fills.length)} (${tally(fills, (f) => f.data.side)}, ${tally(fills, (f) => f.data.liquidity)})`,
    `throughput  ${count(Math.round(ticks.length / (elapsedMs / 1000)))} ticks/s through the whole pipeline (${(elapsedMs / 1000).toFixed(1)} s)`,
    latencies.length === 0
      ? 'latency     no fills'
      : `latency     tick→fill, append to append: p50 ${percentile(latencies, 50)} ms · p99 ${percentile(latencies, 99)} ms (${latencyNote})`,
  ];
}
