// tickflow_pipeline_latency_seconds{hop,clock}: for each fill recorded, the latency of each
// hop of its chain (see hop-latencies.ts), its upstream events found by id (upstream-times.ts).
// Off the handler's path: record() only queues the fill; one lookup at a time drains the
// queue in batches, so the ledger never waits on a metric, and a bounded queue keeps a burst
// (or a slow Redis) from holding memory — what cannot be measured is counted, per hop, in
// tickflow_pipeline_latency_unmeasured_total{hop,reason}.
import type { FillEvent } from '@tickflow/events';
import type { Logger } from '@tickflow/service';
import { Counter, Histogram, type Registry } from 'prom-client';
import { CLOCKS, HOPS, hopLatencies } from './hop-latencies.ts';
import type { Redis } from './ledger-store.ts';
import { chainTimes, type MarkerWindows, type RecordedFill } from './upstream-times.ts';

/** Boundaries in seconds; the tick→fill alert's threshold (0.25 s) is one of them. */
export const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

export interface PipelineLatencyOptions {
  readonly redis: Redis;
  readonly namespace: string;
  readonly windows: MarkerWindows;
  readonly registry: Registry;
  readonly logger: Logger;
  /** Fills waiting for their lookup at most; beyond, a fill is counted unmeasured. Default 10,000. */
  readonly maxQueued?: number;
  /** Fills looked up per batch (two round trips). Default 200. */
  readonly batchSize?: number;
}

export interface PipelineLatency {
  /** Queues a fill the ledger just applied; `partition` and `entryId` say where it was read. */
  record(fill: FillEvent, partition: number, entryId: string): void;
  /** Drops what is queued and waits for the batch in flight. */
  stop(): Promise<void>;
}

/** Execution ids remembered to observe a fill once when the runtime re-runs a handler. */
const RECENT_EXECUTIONS = 10_000;

export function createPipelineLatency(options: PipelineLatencyOptions): PipelineLatency {
  const { redis, namespace, windows, logger } = options;
  const maxQueued = options.maxQueued ?? 10_000;
  const batchSize = options.batchSize ?? 200;
  const latency = new Histogram({
    name: 'tickflow_pipeline_latency_seconds',
    help:
      'Latency of each hop of a recorded fill’s chain (tick, signal, the order the fill executes, fill). ' +
      'clock="event_time": difference of the events’ ts_event, as their producers stamped them. ' +
      'clock="append_time": difference of the stream entry ids’ ms parts, when Redis appended each (Redis’ clock, 1 ms resolution).',
    labelNames: ['hop', 'clock'],
    buckets: LATENCY_BUCKETS,
    registers: [options.registry],
  });
  const unmeasured = new Counter({
    name: 'tickflow_pipeline_latency_unmeasured_total',
    help:
      'Hops of recorded fills not observed in tickflow_pipeline_latency_seconds, by reason: missing (an upstream ' +
      'event not found: past its dedupe window, trimmed, or replayed), negative (a clock ran backwards), ' +
      'overloaded (lookup queue full), error (Redis failed).',
    labelNames: ['hop', 'reason'],
    registers: [options.registry],
  });
  // Every series from the start, so rate() and increase() see the first observation.
  for (const hop of HOPS) {
    for (const clock of CLOCKS) latency.zero({ hop, clock });
    for (const reason of ['missing', 'negative', 'overloaded', 'error']) unmeasured.inc({ hop, reason }, 0);
  }
  const unmeasuredAll = (reason: string, fills: number) => {
    for (const hop of HOPS) unmeasured.inc({ hop, reason }, fills);
  };

  const queue: RecordedFill[] = [];
  const recent = new Set<string>();
  let draining: Promise<void> | undefined;
  let stopped = false;

  const observe = async (batch: RecordedFill[]): Promise<void> => {
    try {
      for (const times of await chainTimes(redis, namespace, windows, batch)) {
        for (const measured of hopLatencies(times)) {
          if ('unmeasured' in measured) unmeasured.inc({ hop: measured.hop, reason: measured.unmeasured });
          else
            for (const clock of CLOCKS)
              latency.observe({ hop: measured.hop, clock }, measured.seconds[clock]);
        }
      }
    } catch (error) {
      unmeasuredAll('error', batch.length);
      logger.warn(
        { err: error, fills: batch.length },
        'pipeline latency: looking up the fills’ chains failed',
      );
    }
  };

  const drain = async (): Promise<void> => {
    while (queue.length > 0 && !stopped) await observe(queue.splice(0, batchSize));
  };
  const startDraining = () => {
    if (draining !== undefined || stopped || queue.length === 0) return;
    draining = drain().finally(() => {
      draining = undefined;
      // A fill queued between the loop's last check and here is not left waiting.
      startDraining();
    });
  };

  return {
    record(fill, partition, entryId) {
      if (stopped || !firstTime(recent, fill.data.execution_id)) return;
      if (queue.length >= maxQueued) return unmeasuredAll('overloaded', 1);
      queue.push({ fill, partition, entryId });
      startDraining();
    },
    async stop() {
      stopped = true;
      queue.length = 0;
      await draining;
    },
  };
}

/** True the first time `id` is seen among the last RECENT_EXECUTIONS. */
function firstTime(recent: Set<string>, id: string): boolean {
  if (recent.has(id)) return false;
  recent.add(id);
  // A Set iterates in insertion order: the first one is the oldest.
  if (recent.size > RECENT_EXECUTIONS) recent.delete(recent.values().next().value as string);
  return true;
}
