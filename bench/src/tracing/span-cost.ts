// The per-event cost of tracing itself, apart from Redis and the runtime: in a process of its
// own (one mode per process), the calls the streams runtime makes through @opentelemetry/api
// for one event published and handled (packages/streams/src/tracing: publish-spans.ts,
// process-spans.ts) — a `send` span started, the context injected into the event, the event
// extracted on the other side, a `process` span around the handler, both ended — in a loop,
// against the same loop calling the handler alone. The settle span (one per ack batch) is
// left out. With the SDK on, the loop yields to a flush whenever a batch's worth of spans
// (512, the SDK's default) has been recorded, and once at the end, as the batch processor
// exports them — so the export's serialization and send are in the figure (the receiver is
// in the bench process) and no span is dropped for want of a turn of the event loop.
import {
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  type TextMapGetter,
  type TextMapSetter,
  trace,
} from '@opentelemetry/api';
import { answerParent } from './run-child.ts';
import { startBenchTracing } from './start-tracing.ts';

export interface SpanCostConfig {
  readonly url: string;
  readonly otel: Record<string, string>;
  /** Measured for this long (after a quarter of it as warm-up), s. */
  readonly seconds: number;
}

export interface SpanCostFigures {
  readonly events: number;
  /** CPU per event with tracing's calls, and of the same loop without them, ns. */
  readonly tracedNs: number;
  readonly bareNs: number;
  /** Spans recorded (sampled) per event. */
  readonly recordedPerEvent: number;
}

const CHUNK = 500;
/** OTEL_BSP_MAX_EXPORT_BATCH_SIZE's default. */
const EXPORT_BATCH = 512;
const DESTINATION = 'tf:{bench:md}';
const startAttributes = {
  'messaging.system': 'redis',
  'messaging.operation.name': 'send',
  'messaging.operation.type': 'send',
  'messaging.destination.name': DESTINATION,
  'messaging.destination.partition.id': '3',
};
// Frozen and shared, as the runtime makes them once per stream.
const SEND = Object.freeze({ kind: SpanKind.PRODUCER, attributes: Object.freeze(startAttributes) });
const PROCESS = Object.freeze({
  kind: SpanKind.CONSUMER,
  attributes: Object.freeze({
    ...startAttributes,
    'messaging.operation.name': 'process',
    'messaging.operation.type': 'process',
    'messaging.consumer.group.name': 'bench',
  }),
});

interface BenchEvent {
  readonly id: string;
  readonly traceparent?: string | undefined;
}
const written: { traceparent?: string | undefined } = {};
const setter: TextMapSetter<typeof written> = {
  set: (carrier, key, value) => {
    if (key === 'traceparent') carrier.traceparent = value;
  },
};
const getter: TextMapGetter<BenchEvent> = {
  get: (event, key) => (key === 'traceparent' ? event.traceparent : undefined),
  keys: () => ['traceparent'],
};

const hasContext = (span: Span) => {
  const spanContext = span.spanContext();
  return spanContext !== INVALID_SPAN_CONTEXT && isSpanContextValid(spanContext);
};

const config = JSON.parse(process.argv[2] ?? '{}') as SpanCostConfig;
const ids = Array.from({ length: CHUNK }, (_, i) => `0190c6d8-8a1b-7000-8000-${String(i).padStart(12, '0')}`);
let handled = 0;
let recorded = 0;
const handle = (_event: BenchEvent) => {
  handled++;
};

// Obtained before the SDK starts, as the runtime's (a proxy that finds the SDK on first use).
const tracer = trace.getTracer('bench-span-cost');

function publishAndHandle(id: string): void {
  let event: BenchEvent = { id };
  const parent = context.active();
  const send = tracer.startSpan(`send ${DESTINATION}`, SEND, parent);
  if (hasContext(send)) {
    if (send.isRecording()) {
      send.setAttribute('messaging.message.id', id);
      recorded++;
    }
    written.traceparent = undefined;
    propagation.inject(trace.setSpan(parent, send), written, setter);
    // The runtime's withTraceContext: a new event carrying the context.
    if (written.traceparent !== undefined) event = { ...event, traceparent: written.traceparent };
  }
  const extracted: Context =
    event.traceparent === undefined ? ROOT_CONTEXT : propagation.extract(ROOT_CONTEXT, event, getter);
  const processing = tracer.startSpan(`process ${DESTINATION}`, PROCESS, extracted);
  if (processing.isRecording()) {
    processing.setAttribute('messaging.message.id', id);
    processing.setAttribute('messaging.redis.stream.entry_id', '1700000000000-0');
    processing.setAttribute('messaging.redis.delivery_count', 1);
    processing.setAttribute('tickflow.handler', 'bench');
    processing.setAttribute('tickflow.attempt', 1);
    processing.setAttribute('tickflow.redelivered', false);
    recorded++;
  }
  if (hasContext(processing)) context.with(trace.setSpan(extracted, processing), handle, undefined, event);
  else handle(event);
  processing.end();
  if (send.isRecording()) {
    send.setAttribute('messaging.redis.stream.entry_id', '1700000000000-0');
    send.setAttribute('tickflow.publish.duplicate', false);
  }
  send.end();
}

function bare(id: string): void {
  handle({ id });
}

/** CPU ns per event of `step` run in chunks for `seconds`, exporting as the batch processor would. */
async function measure(step: (id: string) => void, seconds: number, flush: () => Promise<void>) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let events = 0;
  let flushedAt = recorded;
  while (performance.now() - started < seconds * 1000) {
    for (const id of ids) step(id);
    events += CHUNK;
    if (recorded - flushedAt >= EXPORT_BATCH) {
      await flush();
      flushedAt = recorded;
    }
  }
  await flush();
  const { user, system } = process.cpuUsage(cpu);
  return { events, ns: ((user + system) * 1000) / events };
}

await answerParent(async (): Promise<SpanCostFigures> => {
  const tracing = await startBenchTracing('bench-span-cost', { REDIS_URL: config.url, ...config.otel });
  const flush = () => tracing.flush();
  await measure(publishAndHandle, config.seconds / 4, flush);
  await measure(bare, config.seconds / 4, flush);
  const recordedBefore = recorded;
  const traced = await measure(publishAndHandle, config.seconds, flush);
  const recordedPerEvent = (recorded - recordedBefore) / traced.events;
  const plain = await measure(bare, config.seconds / 2, flush);
  await tracing.shutdown();
  if (handled === 0) throw new Error('no event handled');
  return { events: traced.events, tracedNs: traced.ns, bareNs: plain.ns, recordedPerEvent };
});
