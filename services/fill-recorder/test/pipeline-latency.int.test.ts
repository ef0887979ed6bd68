// tickflow_pipeline_latency_seconds on fill-recorder's /metrics, from a real pipeline run:
// market-data-ingest (a slice of the Tardis quotes), signal-engine, order-router and
// fill-recorder as processes on one Redis, with their default dedupe windows. For every
// fill recorded, each hop × clock is observed once: the counts equal the fills, the sums and
// every bucket equal what the streams' ts_event values and entry ids give (each chain found
// here by scanning the streams, independently of the recorder's lookups by id), and the
// hops add up to tick→fill. Fills whose chain is not in the streams are counted unmeasured
// per hop and never observed.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyEvent, EventType, FillEvent } from '@tickflow/events';
import { connect, createPublisher, entryIdMs, namespaceDrained, readEvents } from '@tickflow/streams';
import {
  type EphemeralRedis,
  killServices,
  type ServiceProcess,
  startEphemeralRedis,
  startServiceProcess,
  waitFor,
} from '@tickflow/testkit';
import { checkMetrics, familiesOf, type Sample, scrape, seriesValue } from '@tickflow/testkit/metrics';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCKS, type Clock, HOPS, type Hop } from '../src/hop-latencies.ts';
import { LATENCY_BUCKETS } from '../src/pipeline-latency.ts';
import { fillPath } from './support/fills.ts';

const SERVICES_DIR = join(import.meta.dirname, '../..');
const QUOTES = join(
  import.meta.dirname,
  '../../../data/tardis/tardis_binance-futures_BTCUSDT_quotes_2020-02-22.csv',
);
/** Quotes ingested: enough for the strategies to trade a few dozen times. */
const QUOTE_LINES = 2_500;
const PARTITIONS = 2;
/** The demo's book (tools/demo's DEMO_ROUTER_ENV): 5 ms of paper-venue latency is the order→fill event time. */
const ROUTER_ENV = {
  ROUTER_MAX_POSITION: '1',
  ROUTER_MAX_ORDER_QTY: '2',
  ROUTER_MAX_ORDER_NOTIONAL: '25000',
  ROUTER_PAPER_LATENCY_MS: '5',
  ROUTER_PAPER_SLIPPAGE_BPS: '1',
  ROUTER_PAPER_COMMISSION_BPS: '4',
};

let server: EphemeralRedis;
let redis: Redis;
let workDir: string;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  server = await startEphemeralRedis();
  redis = await connect({ url: server.url }, 'commands');
  workDir = await mkdtemp(join(tmpdir(), 'fill-latency-'));
});
afterAll(async () => {
  await killServices(services);
  redis?.disconnect();
  await server?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function start(service: string, env: Record<string, string>): ServiceProcess {
  const started = startServiceProcess(
    join(SERVICES_DIR, service, 'src/main.ts'),
    {
      REDIS_URL: server.url,
      TICKFLOW_PARTITIONS: String(PARTITIONS),
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      ...env,
    },
    join(SERVICES_DIR, service),
  );
  services.push(started);
  return started;
}

async function startRecorder(namespace: string): Promise<{ api: string; process: ServiceProcess }> {
  const recorder = start('fill-recorder', { TICKFLOW_NAMESPACE: namespace, LOG_LEVEL: 'info' });
  const { port } = await recorder.waitForLog(
    (line) => line.msg === 'starting' && typeof line.port === 'number',
  );
  await recorder.waitForLog('running');
  return { api: `http://127.0.0.1:${String(port)}`, process: recorder };
}

const histogramCount = (samples: readonly Sample[], hop: Hop, clock: Clock) =>
  seriesValue(samples, 'tickflow_pipeline_latency_seconds_count', { hop, clock });

interface Stored {
  readonly event: AnyEvent;
  readonly entryId: string;
}

async function readStreams(namespace: string): Promise<Map<EventType, Stored[]>> {
  const all = new Map<EventType, Stored[]>();
  for (const type of ['market_data', 'signal', 'order', 'fill'] as const) {
    const stored: Stored[] = [];
    for await (const { event, entryId } of readEvents(redis, { namespace, type, partitions: PARTITIONS }))
      stored.push({ event, entryId });
    all.set(type, stored);
  }
  return all;
}

/**
 * Every fill's hops on both clocks, its chain found by scanning the streams: the tick by id
 * (the fill's corr), the signal by id (its cause), the order as the first one appended with
 * the fill's order_id — not the recorder's way (markers, the router's derived id).
 */
function expectedHops(streams: Map<EventType, Stored[]>): Record<Hop, Record<Clock, number[]>> {
  const byId = new Map([...streams.values()].flat().map((stored) => [stored.event.id, stored]));
  const firstOrder = new Map<string, Stored>();
  for (const stored of (streams.get('order') ?? []).toSorted(
    (a, b) => entryIdMs(a.entryId) - entryIdMs(b.entryId),
  ))
    if (stored.event.type === 'order' && !firstOrder.has(stored.event.data.order_id))
      firstOrder.set(stored.event.data.order_id, stored);
  const hops = Object.fromEntries(
    HOPS.map((hop): [Hop, Record<Clock, number[]>] => [hop, { event_time: [], append_time: [] }]),
  ) as Record<Hop, Record<Clock, number[]>>;
  for (const fill of streams.get('fill') ?? []) {
    const event = fill.event as FillEvent;
    const ends = {
      tick: byId.get(event.corr),
      signal: byId.get(event.cause ?? ''),
      order: firstOrder.get(event.data.order_id),
      fill,
    };
    const between = (hop: Hop, from: Stored | undefined, to: Stored | undefined) => {
      if (!from || !to) throw new Error(`fill ${event.id}: no ${hop} in the streams`);
      hops[hop].event_time.push(Number(to.event.ts_event - from.event.ts_event) / 1e9);
      hops[hop].append_time.push((entryIdMs(to.entryId) - entryIdMs(from.entryId)) / 1_000);
    };
    between('tick_to_signal', ends.tick, ends.signal);
    between('signal_to_order', ends.signal, ends.order);
    between('order_to_fill', ends.order, ends.fill);
    between('tick_to_fill', ends.tick, ends.fill);
  }
  return hops;
}

describe('tickflow_pipeline_latency_seconds', () => {
  it('observes every recorded fill’s four hops on both clocks, as the streams’ times say', async () => {
    const namespace = 'latency';
    const quotes = join(workDir, 'quotes.csv');
    const lines = (await readFile(QUOTES, 'utf8')).split('\n');
    await writeFile(quotes, `${lines.slice(0, QUOTE_LINES + 1).join('\n')}\n`);
    const env = { TICKFLOW_NAMESPACE: namespace, LOG_LEVEL: 'info' };
    const { api } = await startRecorder(namespace);
    const signals = start('signal-engine', env);
    const router = start('order-router', { ...env, ...ROUTER_ENV });
    await Promise.all(
      [signals, router].map((service) => service.waitForLog('running', { timeoutMs: 60_000 })),
    );
    // Ingest starts once every group exists, so the drain check below sees them all.
    const ingest = start('market-data-ingest', {
      ...env,
      INGEST_SOURCE: 'tardis-quotes',
      INGEST_PATH: quotes,
    });
    expect(await ingest.exited).toBe(0);
    await waitFor(() => namespaceDrained(redis, namespace, PARTITIONS), {
      timeoutMs: 120_000,
      intervalMs: 100,
      description: 'every group to finish every event',
    });
    const recorded = ((await (await fetch(`${api}/pnl`)).json()) as { fills: number }).fills;
    expect(recorded).toBeGreaterThan(10);
    // The lookups run after the ack: wait until every recorded fill is observed.
    await waitFor(
      async () => histogramCount((await scrape(api)).samples, 'tick_to_fill', 'append_time') === recorded,
      {
        timeoutMs: 30_000,
        description: `${recorded} fills observed`,
      },
    );

    const streams = await readStreams(namespace);
    expect(streams.get('fill')).toHaveLength(recorded);
    const expected = expectedHops(streams);
    const { text, samples } = await scrape(api);
    for (const hop of HOPS) {
      for (const clock of CLOCKS) {
        const labels = { hop, clock };
        const values = expected[hop][clock];
        const context = `${hop} ${clock}`;
        expect(histogramCount(samples, hop, clock), context).toBe(recorded);
        const sum = values.reduce((a, b) => a + b, 0);
        expect(seriesValue(samples, 'tickflow_pipeline_latency_seconds_sum', labels), context).toBeCloseTo(
          sum,
          9,
        );
        for (const le of LATENCY_BUCKETS) {
          const bucket = seriesValue(samples, 'tickflow_pipeline_latency_seconds_bucket', {
            ...labels,
            le: String(le),
          });
          expect(bucket, `${context} le=${le}`).toBe(values.filter((value) => value <= le).length);
        }
      }
      expect(
        seriesValue(samples, 'tickflow_pipeline_latency_unmeasured_total', { hop, reason: 'missing' }),
      ).toBe(0);
    }
    // The router's paper venue fills 5 ms of event time after the order; tick, signal and order share a ts_event.
    expect(new Set(expected.order_to_fill.event_time)).toEqual(new Set([0.005]));
    expect(new Set([...expected.tick_to_signal.event_time, ...expected.signal_to_order.event_time])).toEqual(
      new Set([0]),
    );
    // Per fill, on each clock, the hops add up to tick→fill (so it is at least each of them).
    for (const clock of CLOCKS) {
      expected.tick_to_fill[clock].forEach((tickToFill, at) => {
        const parts = (['tick_to_signal', 'signal_to_order', 'order_to_fill'] as const).map(
          (hop) => expected[hop][clock][at] as number,
        );
        expect(tickToFill).toBeCloseTo(
          parts.reduce((a, b) => a + b, 0),
          9,
        );
        for (const part of parts) expect(tickToFill).toBeGreaterThanOrEqual(part);
      });
    }
    const sumOf = (hop: Hop) =>
      seriesValue(samples, 'tickflow_pipeline_latency_seconds_sum', { hop, clock: 'append_time' });
    expect(sumOf('tick_to_fill')).toBeCloseTo(
      (sumOf('tick_to_signal') ?? 0) + (sumOf('signal_to_order') ?? 0) + (sumOf('order_to_fill') ?? 0),
      9,
    );

    const check = checkMetrics(
      familiesOf(text, ['tickflow_pipeline_latency_seconds', 'tickflow_pipeline_latency_unmeasured_total']),
    );
    expect(check.output).toBe('');
    expect(check.status).toBe(0);
  }, 240_000);

  it('counts fills whose chain is not in the streams as unmeasured per hop, and observes nothing', async () => {
    const namespace = 'orphans';
    const fills = fillPath('ETHUSDT', 30, 1, 'sma-crossover');
    await createPublisher(redis, { namespace, partitions: PARTITIONS }).publishAll(fills);
    const { api } = await startRecorder(namespace);
    await waitFor(
      async () =>
        seriesValue((await scrape(api)).samples, 'tickflow_pipeline_latency_unmeasured_total', {
          hop: 'tick_to_fill',
          reason: 'missing',
        }) === fills.length,
      { timeoutMs: 30_000, description: `${fills.length} fills counted unmeasured` },
    );
    const { samples } = await scrape(api);
    for (const hop of HOPS) {
      expect(
        seriesValue(samples, 'tickflow_pipeline_latency_unmeasured_total', { hop, reason: 'missing' }),
      ).toBe(fills.length);
      for (const clock of CLOCKS) expect(histogramCount(samples, hop, clock)).toBe(0);
    }
  });
});
