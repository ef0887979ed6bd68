// Tick→fill latency (for the project also split by stage), read back from the streams once a run has drained.
// Project: each fill's corr is its originating tick's id; latency = fill.ts_init (set when
// order-router derived it) − the tick's append time. The append time is the tick's entry id
// (ms, Redis's clock on this machine), because the synthetic feed sets a tick's ts_init to its
// event time (a fixed day in 2020), not to when it was published; the id's whole ms makes each
// figure up to 1 ms high.
// Raw: the chain carries the publish-time ts_init of the tick; its router hop stamps the
// forwarded entry with its own time (RAW_FILL_STAMP), latency = stamp − ts_init.
import { partitionKeys } from '@tickflow/events';
import { entryIdMs, readEvents } from '@tickflow/streams';
import type { Redis } from 'ioredis';
import { BATCH, PARTITIONS } from '../options.ts';
import { TS_INIT_INDEX } from '../sample.ts';

export const RAW_FILL_STAMP = 'bench_fill_ts_init';

const NS_PER_MS = 1_000_000n;

export interface SideLatencies {
  /** Tick→fill, ms. */
  readonly tickToFillMs: number[];
  /** The same time split by stage (name → ms), where the side can tell. */
  readonly stagesMs: Record<string, number[]>;
}

/**
 * Tick→fill, and where the time goes by the streams' own append times (entry ids, whole ms):
 * tick → its signal, and signal → the fill it led to (same tick, same strategy). One read of
 * each stream.
 */
export async function projectLatencies(
  redis: Redis,
  namespace: string,
  fromMs: number,
): Promise<SideLatencies> {
  const range = { namespace, partitions: PARTITIONS, fromMs };
  const ticks = new Map<string, number>();
  for await (const { event, entryId } of readEvents(redis, { ...range, type: 'market_data' })) {
    ticks.set(event.id, entryIdMs(entryId));
  }
  const tickToSignal: number[] = [];
  const signals = new Map<string, number>();
  for await (const { event, entryId } of readEvents(redis, { ...range, type: 'signal' })) {
    const tickMs = ticks.get(event.corr);
    if (tickMs === undefined || event.type !== 'signal') continue;
    tickToSignal.push(entryIdMs(entryId) - tickMs);
    signals.set(`${event.corr}|${event.data.strategy_id}`, entryIdMs(entryId));
  }
  const tickToFillMs: number[] = [];
  const signalToFill: number[] = [];
  for await (const { event, entryId } of readEvents(redis, { ...range, type: 'fill' })) {
    const tickMs = ticks.get(event.corr);
    if (tickMs === undefined || event.type !== 'fill') continue;
    tickToFillMs.push(Number(event.ts_init - BigInt(tickMs) * NS_PER_MS) / 1e6);
    const signalMs = signals.get(`${event.corr}|${event.data.strategy_id}`);
    if (signalMs !== undefined) signalToFill.push(entryIdMs(entryId) - signalMs);
  }
  return { tickToFillMs, stagesMs: { 'tick→signal': tickToSignal, 'signal→fill': signalToFill } };
}

export async function rawLatencies(redis: Redis, namespace: string, fromMs: number): Promise<SideLatencies> {
  const latencies: number[] = [];
  for (let p = 0; p < PARTITIONS; p++) {
    const stream = partitionKeys(namespace, 'fill', p).stream;
    for (let from = `${fromMs}-0`; ; ) {
      const page = (await redis.xrange(stream, from, '+', 'COUNT', BATCH)) as [string, string[]][];
      for (const [, fields] of page) {
        if (fields.at(-2) !== RAW_FILL_STAMP) continue;
        const stamp = BigInt(fields.at(-1) ?? '0');
        latencies.push(Number(stamp - BigInt(fields[TS_INIT_INDEX] ?? '0')) / 1e6);
      }
      const last = page.at(-1)?.[0];
      if (page.length < BATCH || last === undefined) break;
      from = `(${last}`;
    }
  }
  return { tickToFillMs: latencies, stagesMs: {} };
}
