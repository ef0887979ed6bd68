// Tick→fill latency, read back from the streams once a run has drained.
// Project: each fill's corr is its originating tick's id; latency = fill.ts_init (set when
// order-router derived it) − the tick's append time. The append time is the tick's entry id
// (ms, Redis's clock on this machine), because the synthetic feed sets a tick's ts_init to its
// event time (a fixed day in 2020), not to when it was published; the id's whole ms makes each
// figure up to 1 ms high.
// Raw: the chain carries the publish-time ts_init of the tick; its router hop stamps the
// forwarded entry with its own time (RAW_FILL_STAMP), latency = stamp − ts_init.
import { partitionKeys } from '@tickflow/events';
import { readEvents } from '@tickflow/streams';
import type { Redis } from 'ioredis';
import { BATCH, PARTITIONS } from '../options.ts';
import { TS_INIT_INDEX } from '../sample.ts';

export const RAW_FILL_STAMP = 'bench_fill_ts_init';

const NS_PER_MS = 1_000_000n;

export async function projectLatenciesMs(redis: Redis, namespace: string, fromMs: number): Promise<number[]> {
  const range = { namespace, partitions: PARTITIONS, fromMs };
  const appendedMs = new Map<string, bigint>();
  for await (const { event, entryId } of readEvents(redis, { ...range, type: 'market_data' })) {
    appendedMs.set(event.id, BigInt(entryId.split('-')[0] ?? '0'));
  }
  const latencies: number[] = [];
  for await (const { event } of readEvents(redis, { ...range, type: 'fill' })) {
    const tickMs = appendedMs.get(event.corr);
    if (tickMs !== undefined) latencies.push(Number(event.ts_init - tickMs * NS_PER_MS) / 1e6);
  }
  return latencies;
}

/**
 * Where the project's tick→fill time goes, from the streams' own append times (entry ids,
 * whole ms): tick → its signal, and signal → the fill it led to (same tick, same strategy).
 */
export async function projectStageLatenciesMs(
  redis: Redis,
  namespace: string,
  fromMs: number,
): Promise<Record<string, number[]>> {
  const range = { namespace, partitions: PARTITIONS, fromMs };
  const appendedMs = (entryId: string) => Number(entryId.split('-')[0]);
  const ticks = new Map<string, number>();
  for await (const { event, entryId } of readEvents(redis, { ...range, type: 'market_data' })) {
    ticks.set(event.id, appendedMs(entryId));
  }
  const tickToSignal: number[] = [];
  const signals = new Map<string, number>();
  for await (const { event, entryId } of readEvents(redis, { ...range, type: 'signal' })) {
    const tickMs = ticks.get(event.corr);
    if (tickMs === undefined || event.type !== 'signal') continue;
    tickToSignal.push(appendedMs(entryId) - tickMs);
    signals.set(`${event.corr}|${event.data.strategy_id}`, appendedMs(entryId));
  }
  const signalToFill: number[] = [];
  for await (const { event, entryId } of readEvents(redis, { ...range, type: 'fill' })) {
    if (event.type !== 'fill') continue;
    const signalMs = signals.get(`${event.corr}|${event.data.strategy_id}`);
    if (signalMs !== undefined) signalToFill.push(appendedMs(entryId) - signalMs);
  }
  return { 'tick→signal': tickToSignal, 'signal→fill': signalToFill };
}

export async function rawLatenciesMs(redis: Redis, namespace: string, fromMs: number): Promise<number[]> {
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
  return latencies;
}
