// What a trader wants to read after a run, computed from the streams themselves (and the
// fill-recorder's ledger): events per type, signals per strategy, orders by status, risk
// rejections, fills, positions and PnL, throughput and tick→fill latency.
//
// One pass over the streams that keeps tallies, not events, so a long `--follow` run is
// summarised in bounded memory: fills are read first, then only the ticks they came from
// are remembered (for latency), and each order only by its latest status.
import { EVENT_TYPES, type EventType } from '@tickflow/events';
import { entryIdMs, readEvents } from '@tickflow/streams';
import type { Redis } from 'ioredis';

/** Counts by name. */
type Tally = Map<string, number>;

export interface RunTallies {
  readonly events: Map<EventType, number>;
  /** Per strategy: signal direction → count. */
  readonly signals: Map<string, Tally>;
  /** order id → its latest status (and the reason of a rejection). */
  readonly orders: Map<string, { status: string; rule: string | undefined }>;
  readonly fillSides: Tally;
  readonly fillLiquidity: Tally;
  /** Tick→fill, from append to append, ms, sorted. */
  readonly latenciesMs: number[];
}

const bump = <K>(tally: Map<K, number>, key: K) => tally.set(key, (tally.get(key) ?? 0) + 1);

export async function readTallies(redis: Redis, namespace: string, partitions: number): Promise<RunTallies> {
  const scope = { namespace, partitions };
  const tallies: RunTallies = {
    events: new Map(EVENT_TYPES.map((type) => [type, 0])),
    signals: new Map(),
    orders: new Map(),
    fillSides: new Map(),
    fillLiquidity: new Map(),
    latenciesMs: [],
  };
  // tick id → append times of the fills it led to.
  const fillsByTick = new Map<string, number[]>();
  for await (const { event, entryId } of readEvents(redis, { ...scope, type: 'fill' })) {
    if (event.type !== 'fill') continue;
    bump(tallies.events, 'fill');
    bump(tallies.fillSides, event.data.side);
    bump(tallies.fillLiquidity, event.data.liquidity);
    const times = fillsByTick.get(event.corr) ?? [];
    times.push(entryIdMs(entryId));
    fillsByTick.set(event.corr, times);
  }
  for await (const { event, entryId } of readEvents(redis, { ...scope, type: 'market_data' })) {
    bump(tallies.events, 'market_data');
    for (const fillMs of fillsByTick.get(event.id) ?? [])
      tallies.latenciesMs.push(fillMs - entryIdMs(entryId));
  }
  tallies.latenciesMs.sort((a, b) => a - b);
  for await (const { event } of readEvents(redis, { ...scope, type: 'signal' })) {
    if (event.type !== 'signal') continue;
    bump(tallies.events, 'signal');
    const strategy = tallies.signals.get(event.data.strategy_id) ?? new Map<string, number>();
    tallies.signals.set(event.data.strategy_id, bump(strategy, event.data.signal));
  }
  for await (const { event } of readEvents(redis, { ...scope, type: 'order' })) {
    if (event.type !== 'order') continue;
    bump(tallies.events, 'order');
    const rule =
      event.data.status === 'REJECTED' ? (event.data.reason ?? 'unknown').split(':')[0] : undefined;
    tallies.orders.set(event.data.order_id, { status: event.data.status, rule });
  }
  return tallies;
}

const count = (n: number) => n.toLocaleString('en-US');

function show(tally: Tally): string {
  const sorted = [...tally].sort(([a], [b]) => a.localeCompare(b));
  return sorted.map(([name, n]) => `${name} ${count(n)}`).join(' · ') || 'none';
}

function tallyOf<T>(items: Iterable<T>, key: (item: T) => string): Tally {
  const tally: Tally = new Map();
  for (const item of items) bump(tally, key(item));
  return tally;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** `latencyNote` says what the tick→fill figure includes (e.g. the wait behind a backlog). */
export function summarize(tallies: RunTallies, elapsedMs: number, latencyNote: string): string[] {
  const orders = [...tallies.orders.values()];
  const rejected = orders.filter((order) => order.status === 'REJECTED');
  const fills = tallies.events.get('fill') ?? 0;
  const ticks = tallies.events.get('market_data') ?? 0;
  const latencies = tallies.latenciesMs;
  return [
    `events      ${EVENT_TYPES.map((type) => `${type} ${count(tallies.events.get(type) ?? 0)}`).join(' · ')}`,
    ...[...tallies.signals]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([strategy, directions]) => {
        const total = [...directions.values()].reduce((a, b) => a + b, 0);
        return `signals     ${strategy}: ${count(total)} (${show(directions)})`;
      }),
    `orders      ${count(orders.length)} orders, final status: ${show(tallyOf(orders, (o) => o.status))}`,
    `rejections  ${rejected.length === 0 ? 'none' : show(tallyOf(rejected, (o) => o.rule ?? 'unknown'))}`,
    `fills       ${count(fills)} (${show(tallies.fillSides)}, ${show(tallies.fillLiquidity)})`,
    `throughput  ${count(Math.round(ticks / (elapsedMs / 1000)))} ticks/s through the whole pipeline (${(elapsedMs / 1000).toFixed(1)} s)`,
    latencies.length === 0
      ? 'latency     no fills'
      : `latency     tick→fill, append to append: p50 ${percentile(latencies, 50)} ms · p99 ${percentile(latencies, 99)} ms (${latencyNote})`,
  ];
}
