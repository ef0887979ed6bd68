// One OpenTelemetry trace per filled tick across the four services, as real processes
// exporting OTLP/HTTP (http/json) to an in-process receiver, every span sampled: for every
// fill, the chain tick → signal → order → fill is one connected trace — ingest's producer
// span, signal-engine's process and send, order-router's process and its order and fill
// sends, fill-recorder's process — with the messaging attributes, the four services' names on
// their resources, and each process starting after its producer span (a create span, which
// ends before the append, also before the process: the time the event waited in Redis).
// The first filled tick's trace is drawn to test-e2e/.screenshots/trace-waterfall.png.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_ROUTER_ENV, TARDIS_QUOTES } from '@tickflow/demo/settings';
import { EVENT_SPECS, type EventType } from '@tickflow/events';
import { connect, namespaceDrained, readEvents, type StoredEvent } from '@tickflow/streams';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '@tickflow/testkit/otlp';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, startService } from './support/processes.ts';
import { indexSpans, operationOf, redisGapNs, type SpanIndex } from './support/trace-chain.ts';
import { renderWaterfallSvg } from './support/trace-waterfall.ts';
import { renderSvgToPng } from './support/trace-waterfall-png.ts';

const NAMESPACE = 'e2e';
const PARTITIONS = 2;
/** The first quotes of the demo's file: enough for a few signals to reach the venue and fill. */
const QUOTES = 600;
const SCREENSHOTS = resolve(import.meta.dirname, '../.screenshots');
const SERVICES = ['market-data-ingest', 'signal-engine', 'order-router', 'fill-recorder'] as const;
/**
 * The SDK takes a span's start from Date.now() (ms) and its end from the performance clock:
 * spans of different processes compare to within a millisecond.
 */
const START_RESOLUTION_NS = 1_000_000n;
const GROUP = {
  'signal-engine': 'signal-engine',
  'order-router': 'order-router',
  'fill-recorder': 'fill-recorder',
};

let receiver: OtlpReceiver;
let server: EphemeralRedis;
let redis: Redis;
const work = mkdtempSync(join(tmpdir(), 'tracing-e2e-'));

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  server = await startEphemeralRedis();
  redis = await connect({ url: server.url }, 'commands');
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
  await receiver?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Runs the pipeline over the quotes until every group is done, then stops every service cleanly. */
async function runTracedPipeline(): Promise<void> {
  const quotes = join(work, 'quotes.csv');
  const lines = readFileSync(resolve(root, TARDIS_QUOTES), 'utf8').split('\n');
  writeFileSync(quotes, `${lines.slice(0, QUOTES + 1).join('\n')}\n`);
  const env = {
    REDIS_URL: server.url,
    // The kit logs 'running' at info.
    LOG_LEVEL: 'info',
    TICKFLOW_NAMESPACE: NAMESPACE,
    TICKFLOW_PARTITIONS: String(PARTITIONS),
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_TRACES_SAMPLER: 'always_on',
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
  const consumers = [
    startService('fill-recorder', env),
    startService('signal-engine', env),
    startService('order-router', { ...env, ...DEMO_ROUTER_ENV }),
  ];
  await Promise.all(consumers.map((service) => service.waitForLog('running', { timeoutMs: 60_000 })));
  const ingest = startService('market-data-ingest', {
    ...env,
    INGEST_SOURCE: 'tardis-quotes',
    INGEST_PATH: quotes,
  });
  expect(await ingest.exited).toBe(0);
  await waitFor(() => namespaceDrained(redis, NAMESPACE, PARTITIONS), {
    timeoutMs: 120_000,
    intervalMs: 100,
    description: 'every group to finish every event',
  });
  // A clean stop exports what is left (the kit's tracing shutdown) before the process exits.
  expect(await Promise.all(consumers.map((service) => service.stop()))).toEqual([0, 0, 0]);
  expect([ingest, ...consumers].flatMap((service) => service.errors)).toEqual([]);
}

async function stored(type: EventType): Promise<Map<string, StoredEvent>> {
  const events = new Map<string, StoredEvent>();
  for await (const entry of readEvents(redis, { namespace: NAMESPACE, type, partitions: PARTITIONS }))
    events.set(entry.event.id, entry);
  return events;
}

/** The one span `find` gives, with a message saying what was looked for. */
function one(spans: ReceivedSpan[], what: string): ReceivedSpan {
  expect(spans, what).toHaveLength(1);
  return spans[0] as ReceivedSpan;
}

/** The span's parent, which must be there. */
function parentOf(index: SpanIndex, span: ReceivedSpan): ReceivedSpan {
  const parent = index.byId(span.parentSpanId);
  expect(parent, `the parent of ${span.service}'s "${span.name}"`).toBeDefined();
  return parent as ReceivedSpan;
}

/** A producer span of an event: the service, the destination, the event id. */
function expectProducer(span: ReceivedSpan, service: string, entry: StoredEvent): void {
  // The stream without its partition and tag suffix: tf:{<ns>:md:3~1303} → tf:{<ns>:md}.
  const destination = `tf:{${NAMESPACE}:${EVENT_SPECS[entry.event.type].streamTag}}`;
  expect(span).toMatchObject({ kind: 'PRODUCER', service, name: `${operationOf(span)} ${destination}` });
  expect(['send', 'create']).toContain(operationOf(span));
  expect(span.attributes).toMatchObject({
    'messaging.system': 'redis',
    'messaging.destination.name': destination,
    'messaging.destination.partition.id': String(entry.partition),
    'messaging.message.id': entry.event.id,
  });
}

/** The process span of an entry by `service`'s group: child of its producer span, delivered once. */
function expectProcess(
  span: ReceivedSpan,
  producer: ReceivedSpan,
  service: keyof typeof GROUP,
  entry: StoredEvent,
): void {
  const destination = producer.attributes['messaging.destination.name'];
  expect(span).toMatchObject({
    kind: 'CONSUMER',
    service,
    name: `process ${destination}`,
    traceId: producer.traceId,
    parentSpanId: producer.spanId,
  });
  expect(span.attributes).toMatchObject({
    'messaging.system': 'redis',
    'messaging.operation.type': 'process',
    'messaging.destination.name': destination,
    'messaging.destination.partition.id': String(entry.partition),
    'messaging.consumer.group.name': GROUP[service],
    'messaging.message.id': entry.event.id,
    'messaging.redis.stream.entry_id': entry.entryId,
    'messaging.redis.delivery_count': 1,
  });
  const what = `${service}'s process of ${entry.event.id} after ${producer.service}'s ${operationOf(producer)}`;
  expect(span.startNs, what).toBeGreaterThanOrEqual(producer.startNs);
  // A create span ends before its batch is appended: the entry waits in Redis after it. A send
  // span ends when the producer has read Redis' reply, which the consumer can beat (measured:
  // up to 86 ms when the producer's event loop was busy), so its gap has no lower bound.
  if (operationOf(producer) === 'create')
    expect(redisGapNs(producer, span), `time in Redis before ${what}`).toBeGreaterThanOrEqual(
      -START_RESOLUTION_NS,
    );
}

describe('tracing across the four services', () => {
  it('gives every filled tick one connected trace: ingest → signal → order → fill, with the Redis time between hops', async () => {
    await runTracedPipeline();
    expect(receiver.rejections).toEqual([]);
    const index = indexSpans(receiver.spans());
    // Every span that names a parent finds it: nothing cut off, nothing left unexported.
    expect(index.orphans().map((span) => `${span.service}: ${span.name}`)).toEqual([]);
    expect(new Set(index.all.map((span) => span.service))).toEqual(new Set(SERVICES));
    for (const span of index.all)
      expect(span.resource['service.instance.id'], span.service).toEqual(expect.any(String));

    const [ticks, signals, orders, fills] = await Promise.all([
      stored('market_data'),
      stored('signal'),
      stored('order'),
      stored('fill'),
    ]);
    expect(fills.size, 'fills in this data set').toBeGreaterThan(0);
    let firstTrace: string | undefined;
    for (const fill of fills.values()) {
      const signal = signals.get(fill.event.cause as string) as StoredEvent;
      const tick = ticks.get(signal.event.cause as string) as StoredEvent;
      expect(tick.event.id).toBe(fill.event.corr);

      const fillProcess = one(
        index.processesOf(fill.event.id, 'fill-recorder'),
        `fill-recorder's process of ${fill.event.id}`,
      );
      const fillSend = parentOf(index, fillProcess);
      expectProducer(fillSend, 'order-router', fill);
      expectProcess(fillProcess, fillSend, 'fill-recorder', fill);

      const orderProcess = parentOf(index, fillSend);
      const signalSend = parentOf(index, orderProcess);
      expectProducer(signalSend, 'signal-engine', signal);
      expectProcess(orderProcess, signalSend, 'order-router', signal);
      // Every order of the signal was sent from that same process span.
      const ordersOfSignal = [...orders.values()].filter((order) => order.event.cause === signal.event.id);
      expect(ordersOfSignal.length).toBeGreaterThan(0);
      for (const order of ordersOfSignal) {
        const orderSend = one(
          index.producersOf(order.event.id),
          `the producer span of order ${order.event.id}`,
        );
        expectProducer(orderSend, 'order-router', order);
        expect(orderSend.parentSpanId).toBe(orderProcess.spanId);
      }

      const signalProcess = parentOf(index, signalSend);
      const tickSend = parentOf(index, signalProcess);
      expectProducer(tickSend, 'market-data-ingest', tick);
      expectProcess(signalProcess, tickSend, 'signal-engine', tick);
      // The tick starts the trace: ingest has no span around its publish.
      expect(tickSend.parentSpanId).toBeUndefined();
      expect(one(index.producersOf(tick.event.id), `the producer span of tick ${tick.event.id}`)).toBe(
        tickSend,
      );
      expect(
        new Set([fillProcess, fillSend, orderProcess, signalSend, signalProcess].map((span) => span.traceId)),
      ).toEqual(new Set([tickSend.traceId]));
      firstTrace ??= tickSend.traceId;
    }

    const trace = index.traceOf(firstTrace as string);
    const svg = renderWaterfallSvg(trace, {
      title: `One filled tick through the four services (${trace.length} spans)`,
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, 'trace-waterfall.svg'), svg);
    await renderSvgToPng(svg, join(SCREENSHOTS, 'trace-waterfall.png'));
  }, 300_000);
});
