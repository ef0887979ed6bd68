// The raw baseline's side: the same shape of Redis work as the pipeline with plain ioredis —
// ticks XADDed at the rate by this process (pipelined, as the hop scenario's raw publisher),
// then three hops in child processes: market data → signal (forward every entry) → fill
// (forward, stamped) → a last consumer that only acks, like fill-recorder. Every tick goes
// through every hop, where the project's later stages see only the few % of ticks that make a
// signal; the project does more per tick instead (two strategy groups, checkpoints, dedupe).
import { resolve } from 'node:path';
import type { EventType } from '@tickflow/events';
import type { Redis } from 'ioredis';
import { rawSide } from '../scenarios/hop-sides.ts';
import { rawLatencies } from './latency.ts';
import { type NamedProcess, running, startProcess, stopAll } from './processes.ts';
import type { PipelineSide } from './side.ts';

export interface RawHopConfig {
  readonly url: string;
  readonly namespace: string;
  readonly group: string;
  readonly from: EventType;
  /** Where entries are forwarded; none for the last hop. */
  readonly to?: EventType;
  /** Stamp each forwarded entry with the time it is forwarded. */
  readonly stamp?: boolean;
}

const NAMESPACE = 'raw-pipeline';
const HOP_ENTRY = resolve(import.meta.dirname, 'raw-hop.ts');

export async function startRawSide(url: string, redis: Redis): Promise<PipelineSide> {
  const base = { url, namespace: NAMESPACE };
  const hops: [string, RawHopConfig][] = [
    ['raw signal hop', { ...base, group: 'raw-signal', from: 'market_data', to: 'signal' }],
    ['raw router hop', { ...base, group: 'raw-router', from: 'signal', to: 'fill', stamp: true }],
    ['raw recorder hop', { ...base, group: 'raw-recorder', from: 'fill' }],
  ];
  const processes: NamedProcess[] = hops.map(([name, config]) =>
    startProcess(name, HOP_ENTRY, { BENCH_RAW_HOP: JSON.stringify(config) }),
  );
  try {
    await Promise.all(processes.map(running));
  } catch (error) {
    await stopAll(processes).catch(() => undefined);
    throw error;
  }
  const publisher = await rawSide(url, NAMESPACE);
  return {
    name: 'raw',
    namespace: NAMESPACE,
    groups: { market_data: 1, signal: 1, fill: 1 },
    async feed(ratePerS, count) {
      await publisher.paced(ratePerS, count / ratePerS);
    },
    latencies: (fromMs) => rawLatencies(redis, NAMESPACE, fromMs),
    async stop() {
      publisher.close();
      await stopAll(processes);
    },
  };
}
